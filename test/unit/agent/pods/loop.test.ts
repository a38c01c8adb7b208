import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createFakeCri } from '../../../../src/agent/cri/index.js';
import { runPodSync } from '../../../../src/agent/pods/index.js';
import type { KubeClient } from '../../../../src/client/index.js';
import { pod } from './fixture.js';

describe('pod sync loop', () => {
  it('runs the pods its informer lists for this node and stops cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kite-loop-'));
    const cri = createFakeCri({ images: ['busybox:1.35'] });
    const selectors: string[] = [];
    const patches: string[] = [];
    const client = {
      list: async (_ref: unknown, o: { fieldSelector?: string }) => {
        selectors.push(o.fieldSelector ?? '');
        return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '5' }, items: [pod()] };
      },
      async *watch(_ref: unknown, _o: unknown, signal?: AbortSignal) {
        await new Promise((r) => signal?.addEventListener('abort', r, { once: true }));
      },
      get: async () => { throw new Error('unexpected get'); },
      raw: async (method: string, path: string) => { patches.push(`${method} ${path}`); return {}; },
      delete: async () => ({}),
    } as unknown as KubeClient;
    const ac = new AbortController();
    const run = runPodSync({
      client, cri, nodeName: 'n1', dataDir: dir, log: pino({ level: 'silent' }), recorder: { event: () => undefined },
      cgroups: { podCgroupParent: (uid) => `/kite/pod${uid}`, removePodCgroup: async () => undefined }, hostIP: '192.0.2.10', resolvConf: '/nonexistent',
    }, ac.signal);
    for (let i = 0; i < 100 && !(await cri.listContainers({ state: 'CONTAINER_RUNNING' })).length; i++) await sleep(10);
    assert.equal((await cri.listContainers({ state: 'CONTAINER_RUNNING' })).length, 1);
    assert.deepEqual(selectors, ['spec.nodeName=n1']);
    assert.ok(patches.includes('PATCH /api/v1/namespaces/default/pods/web/status'));
    ac.abort();
    await run;
    await rm(dir, { recursive: true, force: true });
  });
});
