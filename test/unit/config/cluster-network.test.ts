import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterNetworkData, networkFromClusterData } from '../../../src/config/cluster-network.js';
import { resolveNetworkConfig } from '../../../src/config/network.js';

describe('kite-cluster-network ConfigMap', () => {
  it('round-trips the cluster settings and adds the agent\'s own node IP and disabled parts', () => {
    const server = resolveNetworkConfig({ clusterCidr: '10.50.0.0/16', serviceCidr: '10.60.0.0/16', clusterDomain: 'edge.local', serviceNodePortRange: '31000-31999' });
    const data = clusterNetworkData(server);
    assert.deepEqual(data, { clusterCidr: '10.50.0.0/16', serviceCidr: '10.60.0.0/16', clusterDns: '10.60.0.10', clusterDomain: 'edge.local', serviceNodePortRange: '31000-31999' });
    const agent = networkFromClusterData(data, { nodeIp: '192.0.2.7', disable: ['dns'] });
    assert.equal(agent.clusterCidr, server.clusterCidr);
    assert.equal(agent.serviceCidr, server.serviceCidr);
    assert.equal(agent.clusterDns, server.clusterDns);
    assert.equal(agent.clusterDomain, server.clusterDomain);
    assert.deepEqual(agent.nodePortRange, server.nodePortRange);
    assert.equal(agent.nodeIp, '192.0.2.7');
    assert.deepEqual(agent.disabled, ['dns']);
  });

  it('names the missing keys, and validates values like the flags', () => {
    assert.throws(() => networkFromClusterData({ clusterCidr: '10.50.0.0/16' }), /kube-system\/kite-cluster-network: missing serviceCidr, clusterDns, clusterDomain, serviceNodePortRange/);
    const data = clusterNetworkData(resolveNetworkConfig({}));
    assert.throws(() => networkFromClusterData({ ...data, clusterDns: '8.8.8.8' }), /--cluster-dns: 8\.8\.8\.8 is outside/);
  });
});
