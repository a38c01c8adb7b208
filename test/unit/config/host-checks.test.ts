import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateClusterConfig } from '../../../src/config/cluster-config-validate.js';
import { parseRouteTable, type HostFacts } from '../../../src/config/host-checks-facts.js';
import { renderCheckTable, runHostChecks } from '../../../src/config/host-checks.js';

const facts = (o: Partial<HostFacts> = {}): HostFacts => ({
  hostname: 'edge-1', isRoot: true, cpus: 4, memoryMB: 8000, addresses: ['192.168.1.10'],
  primary: { iface: 'eth0', address: '192.168.1.10', subnet: '192.168.1.0/24' },
  routes: [{ dest: '192.168.1.0/24', iface: 'eth0' }], missingPackages: [], missingKernel: [],
  freeDiskGB: async () => 50, portFree: async () => true, ...o,
});

function cfg(extra: Record<string, any> = {}, machine: Record<string, unknown> = {}) {
  const r = validateClusterConfig({ apiVersion: 'kite.dev/v1alpha1', kind: 'ClusterConfig', machines: [{ name: 'edge-1', cpuCount: 2, memoryMB: 2048, ...machine }], ...extra });
  assert.ok(r.ok, JSON.stringify(r));
  return r.config;
}

const failures = async (c = cfg(), f = facts()) => (await runHostChecks(c, f)).filter((r) => !r.ok);

test('a config that fits the host passes every check', async () => {
  assert.deepEqual(await failures(), []);
});

test('an allocation larger than the host fails naming the field', async () => {
  const got = await failures(cfg({}, { cpuCount: 8, memoryMB: 9000, dataSizeGB: 60 }));
  assert.deepEqual(got.map((r) => r.field), ['machines[0].cpuCount', 'machines[0].memoryMB', 'machines[0].dataSizeGB']);
  assert.match(got[0]!.detail, /machines\[0\]\.cpuCount: 8 exceeds this host's 4 CPUs/);
});

test('a CIDR overlapping a host route fails; kite\'s own links do not count', async () => {
  const got = await failures(cfg(), facts({ routes: [{ dest: '10.42.0.0/24', iface: 'kite0' }, { dest: '10.43.0.0/20', iface: 'wg0' }] }));
  assert.equal(got.length, 1);
  assert.equal(got[0]!.field, 'serviceCidr');
  assert.match(got[0]!.detail, /overlaps the host route 10\.43\.0\.0\/20 on wg0/);
});

test('an LB range outside the detected node subnet fails', async () => {
  const got = await failures(cfg({ network: { loadBalancerRange: { start: '10.0.0.1', size: 2 } } }));
  assert.equal(got[0]?.field, 'network.loadBalancerRange');
  assert.match(got[0]!.detail, /outside the node subnet 192\.168\.1\.0\/24/);
});

test('busy ports, missing packages and not being root are reported with a fix', async () => {
  const got = await failures(cfg(), facts({ isRoot: false, missingPackages: ['containerd', 'runc'], portFree: async (_a, p) => p !== 6443 }));
  assert.deepEqual(got.map((r) => r.check), ['root', 'packages', 'port 6443']);
  assert.equal(got[1]!.field, undefined, 'host state, not a config field');
  assert.match(got[1]!.hint!, /apt-get install -y containerd runc/);
  assert.equal(got[2]!.field, 'network.apiServerPort');
  assert.match(renderCheckTable(got), /^FAIL  root .*\n .*fix: run kite deploy as root/);
});

test('ports are not checked when our own service already holds them', async () => {
  const r = await runHostChecks(cfg(), facts({ portFree: async () => false }), { skipPorts: true });
  assert.ok(r.every((x) => x.ok));
});

test('a node address that is not this host\'s fails', async () => {
  const got = await failures(cfg({ network: { nodeAddress: '192.168.1.99' } }));
  assert.equal(got[0]?.field, 'network.nodeAddress');
});

test('the route table parser reads /proc/net/route and skips the default route', () => {
  const text = 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n'
    + 'eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n'
    + 'eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n';
  assert.deepEqual(parseRouteTable(text), [{ dest: '192.168.1.0/24', iface: 'eth0' }]);
});
