import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseClusterConfigText } from '../../../src/config/cluster-config.js';
import { CLUSTER_CONFIG_SCHEMA } from '../../../src/config/cluster-config-schema.js';
import { clusterConfigTemplate, renderClusterConfig } from '../../../src/config/cluster-config-template.js';
import { formatIssue, validateClusterConfig } from '../../../src/config/cluster-config-validate.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const base = () => ({
  apiVersion: 'kite.dev/v1alpha1',
  kind: 'ClusterConfig',
  network: { nodeAddress: '192.168.1.10', nodeSubnet: '192.168.1.0/24' },
  machines: [{ name: 'edge-1', cpuCount: 2, memoryMB: 2048 }],
}) as Record<string, any>;

function issues(mutate: (c: Record<string, any>) => void): string[] {
  const c = base();
  mutate(c);
  const r = validateClusterConfig(c);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? [] : r.issues.map(formatIssue);
}

test('a minimal config is valid and gets the documented defaults', () => {
  const r = validateClusterConfig(base());
  assert.ok(r.ok, JSON.stringify(r));
  const c = r.config;
  assert.equal(c.clusterName, 'kite');
  assert.equal(c.deploymentType, 'SingleMachine');
  assert.equal(c.dataDir, '/var/lib/kite');
  assert.equal(c.clusterCidr, '10.42.0.0/16');
  assert.equal(c.clusterDns, '10.43.0.10');
  assert.equal(c.network.apiServerPort, 6443);
  assert.equal(c.network.kubeletPort, 10250);
  assert.deepEqual(c.datastore, { type: 'sqlite', sqliteSynchronous: 'FULL' });
  assert.equal(c.machines[0]!.controlPlane, true, 'the machine of a SingleMachine deployment is its control plane');
  assert.equal(c.machines[0]!.dataSizeGB, 10);
});

const BAD: Array<[string, (c: Record<string, any>) => void, RegExp]> = [
  ['wrong type (string for a number)', (c) => { c.machines[0].cpuCount = '2'; }, /^machines\[0\]\.cpuCount: must be integer \(got string "2"\)$/],
  ['below the minimum', (c) => { c.machines[0].cpuCount = 0; }, /^machines\[0\]\.cpuCount: must be >= 1/],
  ['unknown top-level key lists the allowed keys', (c) => { c.nodes = []; }, /^nodes: unknown key \(allowed: apiVersion, kind, clusterName, .*machines/],
  ['unknown nested key', (c) => { c.network.foo = 1; }, /^network\.foo: unknown key \(allowed: nodeAddress, nodeSubnet, .*\)$/],
  ['bad enum lists the allowed values', (c) => { c.deploymentType = 'Cluster'; }, /^deploymentType: must be one of SingleMachine, Scalable \(got "Cluster"\)$/],
  ['wrong kind', (c) => { c.kind = 'Config'; }, /^kind: must be "ClusterConfig"/],
  ['missing machines', (c) => { delete c.machines; }, /^machines: is required$/],
  ['empty machines', (c) => { c.machines = []; }, /^machines: must have at least 1 item$/],
  ['missing allocation', (c) => { delete c.machines[0].memoryMB; }, /^machines\[0\]\.memoryMB: is required$/],
  ['malformed CIDR', (c) => { c.clusterCidr = '10.42.0.0/33'; }, /^clusterCidr: must be an IPv4 CIDR/],
  ['overlapping cluster and service CIDRs', (c) => { c.serviceCidr = '10.42.128.0/17'; }, /^serviceCidr: 10\.42\.128\.0\/17 overlaps clusterCidr 10\.42\.0\.0\/16$/],
  ['cluster DNS outside the service CIDR', (c) => { c.clusterDns = '10.99.0.10'; }, /^clusterDns: 10\.99\.0\.10 is outside serviceCidr/],
  ['LB range outside the node subnet', (c) => { c.network.loadBalancerRange = { start: '192.168.2.10', size: 4 }; }, /^network\.loadBalancerRange: 192\.168\.2\.10 \(\+4\) is outside network\.nodeSubnet 192\.168\.1\.0\/24$/],
  ['LB range running past the subnet end', (c) => { c.network.loadBalancerRange = { start: '192.168.1.250', size: 10 }; }, /^network\.loadBalancerRange: .* is outside network\.nodeSubnet/],
  ['two machines in a SingleMachine deployment', (c) => { c.machines.push({ name: 'edge-2', cpuCount: 1, memoryMB: 512 }); }, /^machines: a SingleMachine deployment has exactly one machine, got 2/],
  ['no control plane', (c) => { c.machines[0].controlPlane = false; }, /^machines\[0\]\.controlPlane: must be true/],
  ['duplicate machine names', (c) => { c.deploymentType = 'Scalable'; c.machines[0].controlPlane = true; c.machines.push({ name: 'edge-1', cpuCount: 1, memoryMB: 512 }); }, /^machines\[1\]\.name: "edge-1" is already used by machines\[0\]$/],
  ['Scalable without a control plane', (c) => { c.deploymentType = 'Scalable'; }, /^machines: a Scalable deployment needs at least one machine with controlPlane: true$/],
  ['bad datastore enum', (c) => { c.datastore = { type: 'mysql' }; }, /^datastore\.type: must be one of sqlite, etcd \(got "mysql"\)$/],
  ['relative data dir', (c) => { c.dataDir = 'var/lib/kite'; }, /^dataDir: must be an absolute path/],
  ['bad machine name', (c) => { c.machines[0].name = 'Edge_1'; }, /^machines\[0\]\.name: must be a DNS-1123 subdomain/],
  ['port out of range', (c) => { c.network.apiServerPort = 70000; }, /^network\.apiServerPort: must be <= 65535 \(got 70000\)$/],
];

for (const [what, mutate, expected] of BAD) {
  test(`rejected, naming the field: ${what}`, () => {
    const got = issues(mutate);
    assert.ok(got.some((m) => expected.test(m)), `expected ${expected} among:\n${got.join('\n')}`);
  });
}

test('every schema error is reported at once (allErrors)', () => {
  const got = issues((c) => { c.machines[0].cpuCount = 'x'; c.network.apiServerPort = 0; c.bogus = true; });
  assert.equal(got.length, 3, got.join('\n'));
});

test('the committed schema file is exactly the schema the validator uses', () => {
  const file = JSON.parse(readFileSync(path.join(repo, 'schema/cluster-config.schema.json'), 'utf8'));
  assert.deepEqual(file, JSON.parse(JSON.stringify(CLUSTER_CONFIG_SCHEMA)));
});

test('YAML and JSON spellings parse to the same config; syntax errors name the line', () => {
  const yaml = 'apiVersion: kite.dev/v1alpha1\nkind: ClusterConfig\nmachines:\n  - name: a\n    cpuCount: 1\n    memoryMB: 512\n';
  const json = JSON.stringify(parse(yaml));
  assert.deepEqual(parseClusterConfigText(yaml), parseClusterConfigText(json));
  assert.throws(() => parseClusterConfigText('a: 1\na: 2\n', 'c.yaml'), /c\.yaml:\d*:? ?.*not valid YAML\/JSON/);
  assert.throws(() => parseClusterConfigText('- 1\n', 'c.yaml'), /must be a mapping/);
});

test('config new output validates, in YAML and in JSON, for both deployment types', () => {
  const facts = { hostname: 'Edge_Box.local', cpus: 4, memoryMB: 8000, freeDiskGB: 100, primary: { iface: 'eth0', address: '192.168.1.10', subnet: '192.168.1.0/24' } };
  for (const type of ['SingleMachine', 'Scalable'] as const) {
    for (const format of ['yaml', 'json'] as const) {
      const text = renderClusterConfig(clusterConfigTemplate(type, facts), format);
      const r = validateClusterConfig(parseClusterConfigText(text));
      assert.ok(r.ok, `${type}/${format}: ${JSON.stringify(r)}`);
      assert.equal(r.config.machines[0]!.name, 'edge-box');
      assert.equal(r.config.machines[0]!.cpuCount, 4);
      assert.equal(r.config.machines[0]!.memoryMB, 5952);
      assert.equal(r.config.machines[0]!.dataSizeGB, 20);
    }
  }
});
