import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken, parseBootstrapToken, readBootstrapTokenSecret, tokenUsable, validExtraGroup,
} from '../../../src/pki/index.js';

describe('bootstrap tokens', () => {
  it('generates tokens in the [a-z0-9]{6}.[a-z0-9]{16} format, different each time', () => {
    const a = formatBootstrapToken(generateBootstrapToken());
    const b = formatBootstrapToken(generateBootstrapToken());
    assert.match(a, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.notEqual(a, b);
  });

  it('parses a well-formed token and refuses everything else', () => {
    assert.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), { id: 'abcdef', secret: '0123456789abcdef' });
    for (const bad of ['ABCDEF.0123456789abcdef', 'abcde.0123456789abcdef', 'abcdef.0123456789abcde', 'abcdef0123456789abcdef', 'abcdef.0123456789abcdef.x', '']) {
      assert.equal(parseBootstrapToken(bad), undefined, bad);
    }
  });

  it('round-trips through the Secret kubeadm writes (name, type, data keys)', () => {
    const expiration = new Date('2030-01-02T03:04:05.678Z');
    const s = bootstrapTokenSecret({ id: 'abcdef', secret: '0123456789abcdef', expiration, usages: ['authentication', 'signing'], extraGroups: ['system:bootstrappers:kite:x'], description: 'd' });
    assert.equal(s.name, 'bootstrap-token-abcdef');
    assert.equal(s.type, 'bootstrap.kubernetes.io/token');
    assert.deepEqual(s.data, {
      'token-id': 'abcdef', 'token-secret': '0123456789abcdef', expiration: '2030-01-02T03:04:05Z',
      'usage-bootstrap-authentication': 'true', 'usage-bootstrap-signing': 'true', 'auth-extra-groups': 'system:bootstrappers:kite:x', description: 'd',
    });
    const back = readBootstrapTokenSecret(s.name, s.type, s.data);
    assert.deepEqual(back, { id: 'abcdef', secret: '0123456789abcdef', expiration: new Date('2030-01-02T03:04:05Z'), usages: ['authentication', 'signing'], extraGroups: ['system:bootstrappers:kite:x'], description: 'd' });
  });

  it('ignores Secrets of another type, a name that does not match the id, or a malformed secret', () => {
    const data = { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef' };
    assert.equal(readBootstrapTokenSecret('bootstrap-token-abcdef', 'Opaque', data), undefined);
    assert.equal(readBootstrapTokenSecret('bootstrap-token-zzzzzz', 'bootstrap.kubernetes.io/token', data), undefined);
    assert.equal(readBootstrapTokenSecret('bootstrap-token-abcdef', 'bootstrap.kubernetes.io/token', { ...data, 'token-secret': 'short' }), undefined);
  });

  it('is usable only before its expiration and only for the usages it allows', () => {
    const t = readBootstrapTokenSecret('bootstrap-token-abcdef', 'bootstrap.kubernetes.io/token', {
      'token-id': 'abcdef', 'token-secret': '0123456789abcdef', expiration: '2030-01-01T00:00:00Z', 'usage-bootstrap-authentication': 'true',
    })!;
    assert.equal(tokenUsable(t, 'authentication', new Date('2029-12-31T23:59:59Z')), true);
    assert.equal(tokenUsable(t, 'authentication', new Date('2030-01-01T00:00:00Z')), false, 'expired at the instant');
    assert.equal(tokenUsable(t, 'signing', new Date('2029-01-01T00:00:00Z')), false, 'signing not allowed');
  });

  it('treats an unreadable expiration as expired, never as eternal', () => {
    const t = readBootstrapTokenSecret('bootstrap-token-abcdef', 'bootstrap.kubernetes.io/token', {
      'token-id': 'abcdef', 'token-secret': '0123456789abcdef', expiration: 'tomorrow', 'usage-bootstrap-authentication': 'true',
    })!;
    assert.equal(tokenUsable(t, 'authentication', new Date('2000-01-01T00:00:00Z')), false);
  });

  it('accepts only system:bootstrappers:<x> extra groups', () => {
    assert.equal(validExtraGroup('system:bootstrappers:kite:default-node-token'), true);
    assert.equal(validExtraGroup('system:masters'), false);
  });
});
