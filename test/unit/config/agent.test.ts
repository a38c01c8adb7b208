import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAgentConfig } from '../../../src/config/agent.js';
import { parseTtl } from '../../../src/cli/token.js';

describe('kite agent flags', () => {
  it('needs only --server (the token may come later from the environment or not at all on a restart)', () => {
    const c = resolveAgentConfig({ server: 'https://10.0.0.1:6443/', nodeName: 'Edge-1' });
    assert.equal(c.server, 'https://10.0.0.1:6443');
    assert.equal(c.nodeName, 'edge-1');
    assert.equal(c.dataDir, '/var/lib/kite');
    assert.equal(c.kubeletPort, 10250);
    assert.equal(c.token, undefined);
    assert.equal(resolveAgentConfig({ server: 'https://a:1' }, { KITE_TOKEN: 'abcdef.0123456789abcdef' }).token, 'abcdef.0123456789abcdef');
  });

  it('names the flag in every refusal', () => {
    assert.throws(() => resolveAgentConfig({}), /--server: required/);
    assert.throws(() => resolveAgentConfig({ server: 'http://a:1' }), /--server: must be an https:\/\/ URL/);
    assert.throws(() => resolveAgentConfig({ server: 'https://a:1', caCertHash: 'md5:x' }), /--ca-cert-hash: must be sha256:<64 hex digits>/);
    assert.throws(() => resolveAgentConfig({ server: 'https://a:1', disable: ['servicelb'] }), /--disable: must be service-proxy or dns on an agent, got "servicelb" \(a control-plane setting\)/);
    assert.throws(() => resolveAgentConfig({ server: 'https://a:1', nodeName: 'bad_name' }), /--node-name/);
    assert.throws(() => resolveAgentConfig({ server: 'https://a:1', cpus: '0' }), /--cpus: must be an integer from 1/);
  });

  it('normalises the CA hash to lower case', () => {
    assert.equal(resolveAgentConfig({ server: 'https://a:1', caCertHash: `sha256:${'AB'.repeat(32)}` }).caCertHash, `sha256:${'ab'.repeat(32)}`);
  });
});

describe('kite token --ttl', () => {
  it('reads h/m/s durations and 0 as never', () => {
    assert.equal(parseTtl('24h'), 86_400_000);
    assert.equal(parseTtl('1h30m'), 5_400_000);
    assert.equal(parseTtl('2s'), 2000);
    assert.equal(parseTtl('0'), 0);
    for (const bad of ['', '1d', '10', 'h', '1h junk']) assert.throws(() => parseTtl(bad), /--ttl: expected a duration/, bad);
  });
});
