import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ContainerConfig } from '../../../../src/agent/cri/index.js';
import { expand } from '../../../../src/agent/pods/env.js';
import { fixture, HOST_IP, pod } from './fixture.js';

type F = Awaited<ReturnType<typeof fixture>>;
let f: F | undefined;
afterEach(async () => { await f?.cleanup(); f = undefined; });

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { mode: 'fast', 'bad key': 'x' } };
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, data: { PASSWORD: Buffer.from('s3cret').toString('base64') } };

describe('container env', () => {
  it('env from configMapKeyRef and fieldRef, envFrom with a prefix, and $(VAR) expansion', async () => {
    const configs: ContainerConfig[] = [];
    f = await fixture({
      pods: [pod({ serviceAccountName: 'robot', containers: [{
        name: 'app', image: 'busybox:1.35',
        envFrom: [{ prefix: 'CM_', configMapRef: { name: 'cfg' } }, { secretRef: { name: 'creds' } }],
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'TEAM', valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'URL', value: 'http://$(IP):80/$(POD)?$$(NOPE)&$(MISSING)' },
        ],
        command: ['echo', '$(MODE)'], args: ['$(URL)'],
        resources: { limits: { memory: '64Mi' } },
      }] }, { labels: { team: 'edge' } })],
      objects: [cm, secret],
      cri: { onStart: (c) => { configs.push(c); return undefined; } },
    });
    await f.sync();
    const env = Object.fromEntries(configs[0]!.envs!.map((e) => [e.key, e.value]));
    assert.deepEqual(env, {
      CM_mode: 'fast', PASSWORD: 's3cret', MODE: 'fast', POD: 'web', TEAM: 'edge', IP: HOST_IP, SA: 'robot', MEM: '64',
      URL: `http://${HOST_IP}:80/web?$(NOPE)&$(MISSING)`,
    });
    assert.deepEqual(configs[0]!.command, ['echo', 'fast']);
    assert.deepEqual(configs[0]!.args, [`http://${HOST_IP}:80/web?$(NOPE)&$(MISSING)`]);
  });

  it('a missing configMap key is CreateContainerConfigError; optional refs are skipped', async () => {
    f = await fixture({
      pods: [pod({ containers: [{ name: 'app', image: 'busybox:1.35', env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } },
      ] }] })],
      objects: [cm],
    });
    await f.sync();
    assert.deepEqual(f.lastStatus().containerStatuses[0].state, {
      waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key nope in ConfigMap default/cfg" },
    });
    assert.deepEqual(f.criCalls('createContainer'), []);
  });

  it('expand follows the kubelet rules', () => {
    const vars = new Map([['A', 'x'], ['B', '$(A)']]);
    assert.equal(expand('$(A)-$(B)-$$(A)-$(C)-$-$', vars), 'x-$(A)-$(A)-$(C)-$-$');
    assert.equal(expand('$(A', vars), '$(A');
  });
});
