/** pods/portforward through the upgrade handler: `create` on pods/portforward is checked first. */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { UserInfo } from '../../../src/apiserver/authn.js';
import type { Authorizer, AuthzRequest } from '../../../src/apiserver/authz.js';
import type { ApiDeps } from '../../../src/apiserver/context.js';
import { createUpgradeHandler } from '../../../src/apiserver/upgrade.js';

const bob: UserInfo = { name: 'bob', groups: ['system:authenticated'] };

async function reply(allow: boolean, seen: AuthzRequest[], method = 'GET'): Promise<string> {
  const authz = { authorize: async (_u: UserInfo, r: AuthzRequest) => { seen.push(r); return { allowed: allow }; } } as unknown as Authorizer;
  const deps = { log: pino({ level: 'silent' }) } as unknown as ApiDeps;
  const handler = createUpgradeHandler({ deps, authenticate: async () => bob, authz });
  const socket = new PassThrough();
  let out = '';
  socket.on('data', (d: Buffer) => { out += d.toString(); });
  const ended = new Promise((r) => socket.once('finish', r));
  handler({ url: '/api/v1/namespaces/d/pods/web/portforward?ports=80', method, headers: {} } as IncomingMessage, socket, Buffer.alloc(0));
  await ended;
  return out;
}

describe('pods/portforward upgrade', () => {
  it('authorizes create on pods/portforward and answers 403 with a Status when denied', async () => {
    const seen: AuthzRequest[] = [];
    const out = await reply(false, seen);
    assert.deepEqual(seen, [{ verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: 'd', name: 'web' }]);
    assert.match(out, /^HTTP\/1\.1 403 /);
    assert.match(out, /cannot create resource \\"pods\/portforward\\"/);
  });
  it('kubectl\'s SPDY POST is routed like the WebSocket GET (503 here: no node proxy)', async () => {
    assert.match(await reply(true, [], 'POST'), /^HTTP\/1\.1 503 /);
  });
});
