import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { renderKubeconfig } from '../../../src/pki/index.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('renderKubeconfig', () => {
  it('inlines CA, client certificate and key as base64 and selects its single context', () => {
    const y = renderKubeconfig({ clusterName: 'kite-edge', server: 'https://127.0.0.1:6443', caPem: 'CA', userName: 'kite-admin', certPem: 'CERT', keyPem: 'KEY', namespace: 'apps' });
    assert.deepEqual(parse(y), {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'kite-edge', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64('CA') } }],
      users: [{ name: 'kite-admin', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } }],
      contexts: [{ name: 'kite-edge', context: { cluster: 'kite-edge', user: 'kite-admin', namespace: 'apps' } }],
      'current-context': 'kite-edge',
    });
  });

  it('uses a bearer token when no client certificate is given and omits an unset namespace', () => {
    const k = parse(renderKubeconfig({ clusterName: 'c', server: 'https://h:6443', caPem: 'CA', userName: 'bot', token: 'abc.def' }));
    assert.deepEqual(k.users, [{ name: 'bot', user: { token: 'abc.def' } }]);
    assert.deepEqual(k.contexts, [{ name: 'c', context: { cluster: 'c', user: 'bot' } }]);
  });

  it('refuses a certificate without its key and a user without credentials', () => {
    assert.throws(() => renderKubeconfig({ clusterName: 'c', server: 's', caPem: 'CA', userName: 'u', certPem: 'C' }), /certPem and keyPem go together/);
    assert.throws(() => renderKubeconfig({ clusterName: 'c', server: 's', caPem: 'CA', userName: 'u' }), /a client certificate or a token is required/);
  });
});
