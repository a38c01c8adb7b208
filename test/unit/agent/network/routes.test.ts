import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../../../src/api/registry/core-types.js';
import { peerRoutes, VTEP_MAC_ANNOTATION } from '../../../../src/agent/network/index.js';

const node = (name: string, ip?: string, podCIDR?: string): Node => ({
  metadata: { name },
  spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
  status: ip ? { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }] } : {},
});

describe('peer routes', () => {
  const self = { name: 'a', subnets: ['192.168.1.0/24', '10.0.0.0/30'] };

  it('routes each peer\'s podCIDR via its InternalIP when that is on a directly connected subnet (host-gw)', () => {
    assert.deepEqual(peerRoutes(self, [node('a', '192.168.1.10', '10.42.0.0/24'), node('c', '10.0.0.2', '10.42.2.0/24'), node('b', '192.168.1.11', '10.42.1.0/24')]), [
      { node: 'b', podCidr: '10.42.1.0/24', mode: 'host-gw', via: '192.168.1.11' },
      { node: 'c', podCidr: '10.42.2.0/24', mode: 'host-gw', via: '10.0.0.2' },
    ]);
  });

  it('reaches a peer on another subnet over VXLAN, with the VTEP MAC it published on its Node', () => {
    const published = node('far2', '172.16.5.6', '10.42.8.0/24');
    published.metadata.annotations = { [VTEP_MAC_ANNOTATION]: '0a:58:0a:2a:08:00' };
    assert.deepEqual(peerRoutes(self, [node('far', '172.16.5.5', '10.42.9.0/24'), published]), [
      { node: 'far2', podCidr: '10.42.8.0/24', mode: 'vxlan', peerIP: '172.16.5.6', vtepMac: '0a:58:0a:2a:08:00' },
      { node: 'far', podCidr: '10.42.9.0/24', mode: 'vxlan', peerIP: '172.16.5.5' },
    ]);
  });

  it('skips itself, peers without podCIDR or InternalIP, and simulated nodes on loopback addresses', () => {
    assert.deepEqual(peerRoutes(self, [node('a', '192.168.1.10', '10.42.0.0/24'), node('new', '192.168.1.12'), node('noip', undefined, '10.42.4.0/24'), node('sim', '127.1.0.1', '10.244.0.0/24')]), []);
  });

  it('skips a peer whose pod range is already connected here (a second agent on the same host, own bridge)', () => {
    const here = { name: 'a', subnets: ['192.168.1.0/24', '10.42.1.0/24'] };
    assert.deepEqual(peerRoutes(here, [node('b', '192.168.1.10', '10.42.1.0/24'), node('c', '192.168.1.11', '10.42.2.0/24')]), [
      { node: 'c', podCidr: '10.42.2.0/24', mode: 'host-gw', via: '192.168.1.11' },
    ]);
  });
});
