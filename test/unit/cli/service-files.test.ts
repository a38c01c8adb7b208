import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planChainRemoval, splitRule } from '../../../src/install/host-network.js';
import { redactConfig } from '../../../src/install/logs-bundle.js';
import { renderSystemdUnit, systemdQuote } from '../../../src/install/systemd.js';

test('the systemd unit runs kite server with the config\'s flags and keeps containers on restart', () => {
  const unit = renderSystemdUnit({
    argv: ['/usr/bin/node', '/opt/kite/dist/cli/main.js', 'server', '--data-dir', '/var/lib/kite', '--node-name', 'edge-1'],
    env: { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,10.0.0.0/8' },
    logMaxBytes: 2 ** 30,
  });
  assert.match(unit, /^\[Unit\]\nDescription=Kite/);
  assert.match(unit, /\nExecStart=\/usr\/bin\/node \/opt\/kite\/dist\/cli\/main\.js server --data-dir \/var\/lib\/kite --node-name edge-1\n/);
  assert.match(unit, /\nEnvironment=HTTP_PROXY=http:\/\/proxy:3128\n/);
  assert.match(unit, /\nEnvironment=NO_PROXY=localhost,10\.0\.0\.0\/8\n/);
  assert.match(unit, /\nRestart=always\n/);
  assert.match(unit, /\nKillMode=process\n/, 'a restart must not kill the containers');
  assert.match(unit, /\nDelegate=yes\n/);
  assert.match(unit, /\[Install\]\nWantedBy=multi-user\.target\n$/);
});

test('ExecStart words are quoted and escaped for systemd', () => {
  assert.equal(systemdQuote('/var/lib/kite'), '/var/lib/kite');
  assert.equal(systemdQuote('/data/my dir'), '"/data/my dir"');
  assert.equal(systemdQuote('a"b'), '"a\\"b"');
  assert.equal(systemdQuote('100%'), '100%%');
  assert.equal(systemdQuote('$HOME'), '"$$HOME"');
});

const NAT = `-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
-N CNI-HOSTPORT-DNAT
-N KITE-SERVICES
-N KITE-SVC-ABC
-A PREROUTING -m comment --comment "kite service portals" -j KITE-SERVICES
-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-A KITE-SERVICES -d 10.43.0.1/32 -p tcp -m tcp --dport 443 -j KITE-SVC-ABC
-A KITE-SVC-ABC -j DNAT --to-destination 127.0.0.1:6443
`;

test('removing KITE- chains deletes only the jumps into them, then flushes and deletes them', () => {
  assert.deepEqual(planChainRemoval(NAT, 'KITE-'), [
    ['-D', 'PREROUTING', '-m', 'comment', '--comment', 'kite service portals', '-j', 'KITE-SERVICES'],
    ['-F', 'KITE-SERVICES'], ['-F', 'KITE-SVC-ABC'],
    ['-X', 'KITE-SERVICES'], ['-X', 'KITE-SVC-ABC'],
  ]);
  assert.deepEqual(planChainRemoval(NAT, 'NOPE-'), []);
});

test('iptables -S lines split like the shell would read them', () => {
  assert.deepEqual(splitRule('-A X -m comment --comment "a \\"b\\" c" -j Y'), ['-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'Y']);
});

test('the log bundle\'s config has the hub token and proxy passwords redacted, comments kept', () => {
  const text = '# mine\napiVersion: kite.dev/v1alpha1\nhub:\n  url: https://hub\n  token: s3cret\nnetwork:\n  proxy:\n    httpProxy: http://user:pw@proxy:3128\n';
  const out = redactConfig(text);
  assert.doesNotMatch(out, /s3cret|user:pw/);
  assert.match(out, /^# mine\n/);
  assert.match(out, /token: <redacted>/);
  assert.match(out, /httpProxy: http:\/\/<redacted>@proxy:3128/);
});
