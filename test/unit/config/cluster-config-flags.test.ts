import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterConfigEnv, clusterConfigToServerFlags, serverFlagsToArgs } from '../../../src/config/cluster-config-flags.js';
import { validateClusterConfig } from '../../../src/config/cluster-config-validate.js';
import { resolveServerConfig } from '../../../src/config/server.js';

function config(extra: Record<string, unknown> = {}) {
  const r = validateClusterConfig({
    apiVersion: 'kite.dev/v1alpha1', kind: 'ClusterConfig', dataDir: '/srv/kite',
    serviceCidr: '10.96.0.0/16',
    network: { nodeAddress: '192.168.1.10', nodeSubnet: '192.168.1.0/24', apiServerPort: 7443, kubeletPort: 11250, bindAddress: '127.0.0.1',
      loadBalancerRange: { start: '192.168.1.200', size: 8 }, dnsServers: ['1.1.1.1', '127.0.0.1:5353'], disable: ['servicelb'],
      proxy: { httpProxy: 'http://proxy:3128', noProxy: 'localhost' } },
    machines: [{ name: 'edge-1', cpuCount: 2, memoryMB: 3072, dataSizeGB: 7 }],
    ...extra,
  });
  assert.ok(r.ok, JSON.stringify(r));
  return r.config;
}

test('a machine\'s allocation and the network settings become kite server flags', () => {
  const cfg = config();
  const args = serverFlagsToArgs(clusterConfigToServerFlags(cfg, cfg.machines[0]!));
  const pairs = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 2) pairs.set(args[i]!, [...(pairs.get(args[i]!) ?? []), args[i + 1]!]);
  assert.deepEqual(pairs.get('--data-dir'), ['/srv/kite']);
  assert.deepEqual(pairs.get('--https-port'), ['7443']);
  assert.deepEqual(pairs.get('--kubelet-port'), ['11250']);
  assert.deepEqual(pairs.get('--node-name'), ['edge-1']);
  assert.deepEqual(pairs.get('--cpus'), ['2']);
  assert.deepEqual(pairs.get('--memory-mb'), ['3072']);
  assert.deepEqual(pairs.get('--data-size-gb'), ['7']);
  assert.deepEqual(pairs.get('--cluster-dns'), ['10.96.0.10']);
  assert.deepEqual(pairs.get('--lb-range-start'), ['192.168.1.200']);
  assert.deepEqual(pairs.get('--lb-range-size'), ['8']);
  assert.deepEqual(pairs.get('--node-ip'), ['192.168.1.10']);
  assert.deepEqual(pairs.get('--dns-upstream'), ['1.1.1.1', '127.0.0.1:5353']);
  assert.deepEqual(pairs.get('--disable'), ['servicelb']);
  assert.deepEqual(pairs.get('--tls-san'), ['192.168.1.10']);
});

test('the flags pass kite server\'s own validation and carry the same values', () => {
  const cfg = config();
  const s = resolveServerConfig(clusterConfigToServerFlags(cfg, cfg.machines[0]!));
  assert.deepEqual(s.allocation, { cpus: 2, memoryMb: 3072, dataSizeGb: 7 });
  assert.equal(s.httpsPort, 7443);
  assert.equal(s.nodeName, 'edge-1');
  assert.equal(s.network.serviceCidr, '10.96.0.0/16');
  assert.deepEqual(s.network.loadBalancerRange, { start: '192.168.1.200', size: 8 });
  assert.deepEqual(s.network.disabled, ['servicelb']);
});

test('optional settings left out of the config add no flags', () => {
  const r = validateClusterConfig({ apiVersion: 'kite.dev/v1alpha1', kind: 'ClusterConfig', machines: [{ name: 'a', cpuCount: 1, memoryMB: 512 }] });
  assert.ok(r.ok);
  const args = serverFlagsToArgs(clusterConfigToServerFlags(r.config, r.config.machines[0]!));
  for (const f of ['--lb-range-start', '--node-ip', '--dns-upstream', '--disable', '--tls-san']) assert.ok(!args.includes(f), `${f} in ${args.join(' ')}`);
});

test('proxy settings become both spellings of the proxy environment', () => {
  assert.deepEqual(clusterConfigEnv(config()), { HTTP_PROXY: 'http://proxy:3128', http_proxy: 'http://proxy:3128', NO_PROXY: 'localhost', no_proxy: 'localhost' });
});
