import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sepChain, svcChain } from '../../../../src/network/proxy/chains.js';
import { buildServicePorts } from '../../../../src/network/proxy/model.js';
import { cleanupText, JUMPS, parseSave, syncText } from '../../../../src/network/proxy/restore.js';
import { buildRules } from '../../../../src/network/proxy/rules.js';
import { applyRestore, emptyHost } from './fake-iptables.js';
import { ep, slice, svc } from './fixtures.js';

const desired = (services = [svc('web', { clusterIP: '10.43.0.20', ports: [{ port: 80 }] })], ips = ['10.42.0.2']) =>
  buildRules(buildServicePorts(services, [slice('web', ips.map((ip) => ep(ip)), [{ port: 8080 }])], 'n1'), { clusterCidr: '10.42.0.0/16' });

const declared = (text: string) => text.split('\n').filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]);

test('a first sync declares every chain, inserts each jump rule once at the top, and is one restore per table', () => {
  const { text } = syncText(desired(), emptyHost(), undefined);
  assert.deepEqual(text.split('\n').filter((l) => /^\*|^COMMIT/.test(l)), ['*filter', 'COMMIT', '*nat', 'COMMIT']);
  assert.ok(declared(text).includes(svcChain('default/web', 'tcp')));
  const inserts = text.split('\n').filter((l) => l.startsWith('-I '));
  assert.equal(inserts.length, JUMPS.nat.length + JUMPS.filter.length);
  assert.ok(inserts.every((l) => / 1 -m comment --comment "kite service proxy"/.test(l)));
});

test('a later sync rewrites only service chains that changed (fixed chains always), and adds no jump twice', () => {
  const first = syncText(desired(), emptyHost(), undefined);
  const host = applyRestore(emptyHost(), first.text);
  const same = syncText(desired(), host, first.applied);
  assert.deepEqual(declared(same.text), ['KITE-SERVICES', 'KITE-FORWARD', 'KITE-SERVICES', 'KITE-NODEPORTS', 'KITE-MARK-MASQ', 'KITE-POSTROUTING']);
  assert.equal(same.text.split('\n').filter((l) => /^-[ID] /.test(l)).length, 0);
  const more = syncText(desired(undefined, ['10.42.0.2', '10.42.0.3']), host, first.applied);
  assert.ok(declared(more.text).includes(svcChain('default/web', 'tcp')));
  assert.ok(declared(more.text).includes(sepChain('default/web', 'tcp', '10.42.0.3:8080')));
  assert.ok(!declared(more.text).includes(sepChain('default/web', 'tcp', '10.42.0.2:8080')), 'unchanged endpoint chain is left alone');
});

test('deleting a Service deletes its chains (flushed first, then -X) and nothing else', () => {
  const first = syncText(desired(), emptyHost(), undefined);
  const host = applyRestore(emptyHost(), first.text);
  host.nat.chains.add('KTEST-FOREIGN');
  host.nat.chains.add('KUBE-SVC-AAAAAAAAAAAAAAAA');
  const gone = syncText(desired([]), host, first.applied);
  const deleted = gone.text.split('\n').filter((l) => l.startsWith('-X ')).map((l) => l.slice(3)).sort();
  assert.deepEqual(deleted, [sepChain('default/web', 'tcp', '10.42.0.2:8080'), svcChain('default/web', 'tcp')].sort());
  const lines = gone.text.split('\n');
  for (const c of deleted) assert.ok(lines.indexOf(`:${c} - [0:0]`) < lines.indexOf(`-X ${c}`));
  assert.equal(applyRestore(host, gone.text).nat.chains.has('KTEST-FOREIGN'), true);
});

test('a restart with the previous run\'s rules on the host replaces them in place without removing jumps', () => {
  const old = applyRestore(emptyHost(), syncText(desired(), emptyHost(), undefined).text);
  const { text } = syncText(desired(undefined, ['10.42.0.9']), old, undefined);
  assert.equal(text.split('\n').filter((l) => /^-[ID] /.test(l)).length, 0, 'no window without jump rules');
  assert.ok(text.includes(`-X ${sepChain('default/web', 'tcp', '10.42.0.2:8080')}`));
});

test('duplicate or outdated jump rules carrying our comment are removed', () => {
  const host = applyRestore(emptyHost(), syncText(desired(), emptyHost(), undefined).text);
  host.nat.builtinRules.push(JUMPS.nat[0]!, '-A OUTPUT -m comment --comment "kite service proxy" -j KITE-OLD');
  const { text } = syncText(desired(), host, undefined);
  assert.deepEqual(text.split('\n').filter((l) => l.startsWith('-D ')), [
    JUMPS.nat[0]!.replace('-A ', '-D '), '-D OUTPUT -m comment --comment "kite service proxy" -j KITE-OLD',
  ]);
});

test('cleanup removes our jump rules and own chains only, leaving foreign chains and rules', () => {
  const host = applyRestore(emptyHost(), syncText(desired(), emptyHost(), undefined).text);
  host.filter.chains.add('KTEST-FOREIGN');
  host.filter.builtinRules.push('-A INPUT -j KTEST-FOREIGN');
  const text = cleanupText(host);
  const after = applyRestore(host, text);
  assert.deepEqual([...after.nat.chains].sort(), ['INPUT', 'OUTPUT', 'POSTROUTING', 'PREROUTING']);
  assert.deepEqual([...after.filter.chains].sort(), ['FORWARD', 'INPUT', 'KTEST-FOREIGN', 'OUTPUT']);
  assert.deepEqual(after.filter.builtinRules, ['-A INPUT -j KTEST-FOREIGN']);
  assert.equal(cleanupText(after), '');
});

test('iptables-save output is read into chains and built-in chain rules', () => {
  const s = parseSave([
    '# Generated by iptables-save', '*nat', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':KITE-SERVICES - [0:0]',
    '-A PREROUTING -m comment --comment "kite service proxy" -j KITE-SERVICES', '-A KITE-SERVICES -j RETURN', 'COMMIT',
  ].join('\n'));
  assert.deepEqual([...s.chains], ['PREROUTING', 'OUTPUT', 'KITE-SERVICES']);
  assert.deepEqual(s.builtinRules, ['-A PREROUTING -m comment --comment "kite service proxy" -j KITE-SERVICES']);
});
