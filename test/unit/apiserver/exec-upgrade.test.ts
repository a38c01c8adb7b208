/** The API server's upgrade handler: authentication, `create` authorization and path checks come first. */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { UserInfo } from '../../../src/apiserver/authn.js';
import type { Authorizer, AuthzRequest } from '../../../src/apiserver/authz.js';
import type { ApiDeps } from '../../../src/apiserver/context.js';
import { createUpgradeHandler } from '../../../src/apiserver/upgrade.js';

const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };

async function reply(o: { user?: UserInfo | 'invalid'; allow?: boolean; url: string; method?: string; seen?: AuthzRequest[] }): Promise<string> {
  const authz = { authorize: async (_u: UserInfo, r: AuthzRequest) => { o.seen?.push(r); return { allowed: o.allow ?? true }; } } as unknown as Authorizer;
  const deps = { log: pino({ level: 'silent' }) } as unknown as ApiDeps;
  const handler = createUpgradeHandler({ deps, authenticate: async () => o.user, authz });
  const socket = new PassThrough();
  let out = '';
  socket.on('data', (d: Buffer) => { out += d.toString(); });
  const ended = new Promise((r) => socket.once('finish', r));
  handler({ url: o.url, method: o.method ?? 'GET', headers: {} } as IncomingMessage, socket, Buffer.alloc(0));
  await ended;
  return out;
}

describe('createUpgradeHandler', () => {
  it('401 without credentials', async () => {
    assert.match(await reply({ url: '/api/v1/namespaces/d/pods/p/exec?command=ls' }), /^HTTP\/1\.1 401 /);
  });
  it('authorizes create on pods/exec and answers 403 with a Status when denied', async () => {
    const seen: AuthzRequest[] = [];
    const out = await reply({ user: alice, allow: false, url: '/api/v1/namespaces/d/pods/p/exec?command=ls', seen });
    assert.deepEqual(seen, [{ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'd', name: 'p' }]);
    assert.match(out, /^HTTP\/1\.1 403 /);
    assert.match(out, /"reason":"Forbidden"/);
    assert.match(out, /cannot create resource \\"pods\/exec\\"/);
  });
  it('400 for other paths, 503 without a node proxy', async () => {
    assert.match(await reply({ user: alice, url: '/api/v1/namespaces/d/pods/p/log' }), /^HTTP\/1\.1 400 /);
    assert.match(await reply({ user: alice, url: '/api/v1/namespaces/d/pods/p/attach' }), /^HTTP\/1\.1 503 /);
  });
});
