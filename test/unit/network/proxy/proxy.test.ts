import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../../src/api/types/index.js';
import { startServiceProxy } from '../../../../src/network/proxy/index.js';
import { fakeInformers } from '../../controllers/fake-informers.js';
import { fakeIptables } from './fake-iptables.js';
import { ep, slice, svc } from './fixtures.js';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

async function setup(services: KObject[], slices: KObject[]) {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kite-proxy-unit-'));
  dirs.push(stateDir);
  const f = fakeInformers({ services, endpointslices: slices });
  const ipt = fakeIptables();
  const ac = new AbortController();
  const client = { list: () => { throw new Error('unused'); }, watch: () => { throw new Error('unused'); } };
  const p = startServiceProxy({
    client, nodeName: 'n1', clusterCidr: '10.42.0.0/16', stateDir, log: pino({ level: 'silent' }),
    minSyncIntervalMs: 100, informers: f.informers, iptables: ipt, setSysctls: false,
  }, ac.signal);
  await p.synced;
  return { ...f, ipt, ac, p };
}

const web = svc('web', { clusterIP: '10.43.0.20', ports: [{ port: 80 }] });
const webSlice = (ready: boolean) => slice('web', [ep('10.42.0.2'), ep('10.42.0.3', { conditions: { ready } })], [{ port: 8080 }]);

test('a burst of Service changes is applied in one iptables-restore', async () => {
  const t = await setup([web], [webSlice(true)]);
  try {
    assert.equal(t.ipt.restores.length, 1);
    for (let i = 0; i < 50; i++) t.emit('services', { type: 'add', obj: svc(`s${i}`, { clusterIP: `10.43.1.${i}`, ports: [{ port: 80 }] }) });
    await sleep(400);
    assert.equal(t.ipt.restores.length, 2);
    for (let i = 0; i < 50; i++) assert.ok(t.ipt.restores[1]!.includes(`-d 10.43.1.${i}/32 -j REJECT`), `s${i}`);
  } finally { t.ac.abort(); await t.p.done; }
});

test('an endpoint that turns un-ready is out of the rules within one sync interval', async () => {
  const t = await setup([web], [webSlice(true)]);
  try {
    assert.ok(t.ipt.restores[0]!.includes('--to-destination 10.42.0.3:8080'));
    const t0 = Date.now();
    t.emit('endpointslices', { type: 'update', obj: webSlice(false), old: webSlice(true) });
    while (t.ipt.restores.length < 2 && Date.now() - t0 < 2000) await sleep(5);
    assert.ok(Date.now() - t0 < 500, `took ${Date.now() - t0} ms`);
    const [, second] = t.ipt.restores;
    assert.match(second!, /^-X KITE-SEP-/m, 'the un-ready endpoint\'s chain is deleted');
    assert.ok(!second!.includes('10.42.0.3:8080'));
  } finally { t.ac.abort(); await t.p.done; }
});

test('stopping the proxy removes its chains and jump rules and nothing else', async () => {
  const t = await setup([web], [webSlice(true)]);
  t.ipt.host.filter.chains.add('KTEST-FOREIGN');
  t.ipt.host.filter.builtinRules.push('-A INPUT -j KTEST-FOREIGN');
  t.ac.abort();
  await t.p.done;
  assert.deepEqual([...t.ipt.host.nat.chains].sort(), ['INPUT', 'OUTPUT', 'POSTROUTING', 'PREROUTING']);
  assert.deepEqual([...t.ipt.host.filter.chains].sort(), ['FORWARD', 'INPUT', 'KTEST-FOREIGN', 'OUTPUT']);
  assert.deepEqual(t.ipt.host.filter.builtinRules, ['-A INPUT -j KTEST-FOREIGN']);
  assert.deepEqual(t.ipt.host.nat.builtinRules, []);
});
