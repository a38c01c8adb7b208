import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNode, computeAllocation, readHostInfo } from '../../../../src/agent/node/index.js';
import { HOST } from './fixtures.js';
import { defaultRouteInterface, parseOsRelease, pickInternalIP } from '../../../../src/agent/node/host-info.js';

const ROUTE = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'eth1\t00000000\t0102A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0',
  'eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0',
  'eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
].join('\n');
const iface = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as import('node:os').NetworkInterfaceInfo;


describe('host info', () => {
  it('InternalIP is the IPv4 of the lowest-metric default-route interface', () => {
    assert.equal(defaultRouteInterface(ROUTE), 'eth0');
    const ifs = { lo: [iface('127.0.0.1', 'IPv4', true)], eth0: [iface('fe80::1', 'IPv6'), iface('10.0.0.5')], eth1: [iface('192.168.2.9')] };
    assert.equal(pickInternalIP('eth0', ifs), '10.0.0.5');
    assert.equal(pickInternalIP(undefined, { lo: ifs.lo, eth1: ifs.eth1 }), '192.168.2.9');
    assert.equal(pickInternalIP('eth9', { lo: ifs.lo }), '127.0.0.1');
  });

  it('reads OS image, machine and boot IDs, kernel and GOARCH from their files', async () => {
    const files: Record<string, string> = {
      '/proc/net/route': ROUTE, '/etc/os-release': 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
      '/etc/machine-id': 'abc123\n', '/proc/sys/kernel/random/boot_id': 'boot-1\n', '/sys/class/dmi/id/product_uuid': 'UUID-1\n',
    };
    const h = await readHostInfo({ sources: {
      readFile: async (p) => { const f = files[p]; if (f === undefined) throw new Error('ENOENT'); return f; },
      networkInterfaces: () => ({ eth0: [iface('10.0.0.5')] }), release: () => '6.1.0-18-amd64', arch: () => 'x64', hostname: () => 'edge-1',
    } });
    assert.deepEqual(h, { ...HOST, systemUUID: 'uuid-1' });
    assert.equal(parseOsRelease("PRETTY_NAME='Alpine'"), 'Alpine');
    const configured = await readHostInfo({ nodeIP: '192.0.2.7', sources: { readFile: async () => { throw new Error('no'); }, arch: () => 'arm64' } });
    assert.deepEqual([configured.internalIP, configured.osImage, configured.machineID, configured.architecture], ['192.0.2.7', 'Linux', '', 'arm64']);
  });
});

describe('node object', () => {
  it('carries the standard labels, allocation, addresses and nodeInfo (control-plane role when it runs one)', () => {
    const allocation = computeAllocation({ cpus: 1.5, memoryMb: 1024, dataSizeGb: 10 }, { cpuCount: 2, memoryBytes: 8 * 2 ** 30, dataDirFreeBytes: 2 ** 40 });
    const n = buildNode({ name: 'edge-1', host: HOST, allocation, runtimeVersion: 'containerd://1.6.20~ds1', controlPlane: true, labels: { zone: 'a', 'kubernetes.io/os': 'windows' } }, []);
    assert.deepEqual(n, {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: 'edge-1', labels: {
        zone: 'a', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'edge-1', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': 'true',
      } },
      spec: {},
      status: {
        capacity: { cpu: '1500m', 'ephemeral-storage': '10Gi', memory: '1Gi', pods: '110' },
        allocatable: { cpu: '1400m', 'ephemeral-storage': '10Gi', memory: '768Mi', pods: '110' },
        addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'edge-1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: 'abc123', systemUUID: 'uuid-1', bootID: 'boot-1', kernelVersion: '6.1.0-18-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)',
          containerRuntimeVersion: 'containerd://1.6.20~ds1', kubeletVersion: 'v1.32.0+kite', kubeProxyVersion: 'v1.32.0+kite',
          operatingSystem: 'linux', architecture: 'amd64',
        },
        conditions: [],
      },
    });
    const worker = buildNode({ name: 'w', host: HOST, allocation, runtimeVersion: 'x', controlPlane: false }, []);
    assert.equal(worker.metadata.labels?.['node-role.kubernetes.io/control-plane'], undefined);
  });
});
