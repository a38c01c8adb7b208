import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderConflist } from '../../../../src/agent/network/index.js';

describe('CNI conflist', () => {
  const conf = JSON.parse(renderConflist({ bridge: 'kt7', podCidr: '10.42.3.0/24', ipamDir: '/var/lib/kite/agent/cni/ipam' })) as {
    cniVersion: string; name: string; plugins: Array<Record<string, unknown>>;
  };

  it('puts pods on the named bridge as gateway, with hairpin and without the plugin\'s own masquerade', () => {
    const bridge = conf.plugins[0]!;
    assert.equal(bridge.type, 'bridge');
    assert.equal(bridge.bridge, 'kt7');
    assert.equal(bridge.isGateway, true);
    assert.equal(bridge.hairpinMode, true);
    assert.equal(bridge.ipMasq, false);
  });

  it('allocates from the node\'s podCIDR with host-local, reservations under the agent dir, default route via the bridge', () => {
    assert.deepEqual(conf.plugins[0]!.ipam, {
      type: 'host-local', ranges: [[{ subnet: '10.42.3.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/var/lib/kite/agent/cni/ipam',
    });
  });

  it('chains portmap with the portMappings capability for hostPort', () => {
    assert.equal(conf.plugins.length, 2);
    assert.equal(conf.plugins[1]!.type, 'portmap');
    assert.deepEqual(conf.plugins[1]!.capabilities, { portMappings: true });
    assert.equal(conf.cniVersion, '1.0.0');
    assert.equal(conf.name, 'kite');
  });
});
