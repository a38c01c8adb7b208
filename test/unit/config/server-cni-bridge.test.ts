import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveServerConfig } from '../../../src/config/server.js';

describe('kite server --cni-bridge', () => {
  it('defaults to kite0 and takes another interface name', () => {
    assert.equal(resolveServerConfig({ nodeName: 'n' }).cniBridge, 'kite0');
    assert.equal(resolveServerConfig({ nodeName: 'n', cniBridge: 'kt1a2b3c' }).cniBridge, 'kt1a2b3c');
  });

  it('refuses names Linux would refuse, naming the flag', () => {
    for (const bad of ['', 'a-name-longer-than-15', 'has space', 'a/b']) {
      assert.throws(() => resolveServerConfig({ nodeName: 'n', cniBridge: bad }), /--cni-bridge/);
    }
  });
});
