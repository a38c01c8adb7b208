import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { writeAtomic } from '../../../../src/agent/volumes/atomic-writer.js';
import { createVolumeManager, MountError } from '../../../../src/agent/volumes/index.js';
import { ApiError, type KubeClient } from '../../../../src/client/index.js';
import { fakeClock } from '../../controllers/fake-clock.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'kite-vol-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const notFound = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'nf' });
const cm = (data: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data } as KObject);

function manager(objects: KObject[]) {
  const clock = fakeClock(T0);
  const calls: Array<{ method: string; path: string; body?: unknown }> = [];
  const mounts: string[] = [];
  const byKey = new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const kinds: Record<string, string> = { configmaps: 'ConfigMap', secrets: 'Secret', persistentvolumeclaims: 'PersistentVolumeClaim', persistentvolumes: 'PersistentVolume' };
  const client: Pick<KubeClient, 'get' | 'raw'> = {
    get: (async (ref: { plural: string; namespace?: string }, name: string) => {
      const o = byKey.get(`${kinds[ref.plural]}/${ref.namespace ?? ''}/${name}`);
      if (!o) throw notFound();
      return structuredClone(o);
    }) as KubeClient['get'],
    raw: async (method, path, body) => { calls.push({ method, path, body }); return { status: { token: `tok-${calls.length}` } }; },
  };
  const vm = createVolumeManager({
    client, podsDir: join(dir, 'pods'), clock, log: pino({ level: 'silent' }),
    mounter: { mountTmpfs: async (d, s) => { mounts.push(`mount ${d} ${s}`); }, unmountUnder: async (d) => { mounts.push(`umount ${d}`); } },
  });
  return { vm, clock, calls, mounts, byKey };
}

const podWith = (volumes: Array<Record<string, unknown>>, extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', tier: 'fe' } },
  spec: { containers: [{ name: 'app', image: 'busybox', resources: { limits: { memory: '32Mi' } } }], volumes: volumes as Pod['spec']['volumes'], ...extra },
});
const ctx = (pod: Pod) => ({ pod, podIPs: ['10.0.0.5'], hostIPs: ['10.0.0.1'], allocatable: { cpu: 4, memory: 2 ** 33, 'ephemeral-storage': 0 } });

describe('volumes', () => {
  it('configMap volume written atomically with items and modes', async () => {
    const { vm, byKey } = manager([cm({ 'app.conf': 'a=1', other: 'o', nested: 'n' })]);
    const pod = podWith([{ name: 'conf', configMap: { name: 'cfg', defaultMode: 0o640, items: [{ key: 'app.conf', path: 'app.conf' }, { key: 'nested', path: 'sub/dir/n.txt', mode: 0o600 }] } }]);
    const paths = await vm.setup(ctx(pod));
    const vol = paths.get('conf')!;
    assert.equal(vol, join(dir, 'pods', 'u1', 'volumes', 'configmap', 'conf'));
    const data = await readlink(join(vol, '..data'));
    assert.match(data, /^\.\.2025_03_01_10_00_00\./);
    assert.equal(await readlink(join(vol, 'app.conf')), '..data/app.conf');
    assert.equal(await readlink(join(vol, 'sub')), '..data/sub');
    assert.equal(await readFile(join(vol, 'app.conf'), 'utf8'), 'a=1');
    assert.equal(await readFile(join(vol, 'sub/dir/n.txt'), 'utf8'), 'n');
    assert.equal((await stat(join(vol, 'app.conf'))).mode & 0o777, 0o640);
    assert.equal((await stat(join(vol, 'sub/dir/n.txt'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(vol)).sort(), ['..data', data, 'app.conf', 'sub'].sort());

    // unchanged content: no new directory
    await vm.setup(ctx(pod));
    assert.equal(await readlink(join(vol, '..data')), data);

    // a change swaps ..data to a fresh directory and removes the old one and stale links
    (byKey.get('ConfigMap/default/cfg') as unknown as { data: Record<string, string> }).data = { 'app.conf': 'a=2', nested: 'n' };
    pod.spec.volumes = [{ name: 'conf', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'app.conf' }] } }];
    await vm.setup(ctx(pod));
    const data2 = await readlink(join(vol, '..data'));
    assert.notEqual(data2, data);
    assert.equal(await readFile(join(vol, 'app.conf'), 'utf8'), 'a=2');
    assert.equal((await stat(join(vol, 'app.conf'))).mode & 0o777, 0o644);
    assert.deepEqual((await readdir(vol)).sort(), ['..data', data2, 'app.conf'].sort());
  });

  it('a missing configMap fails the mount unless optional; a missing key likewise', async () => {
    const { vm } = manager([cm({ a: '1' })]);
    await assert.rejects(vm.setup(ctx(podWith([{ name: 'v', configMap: { name: 'nope' } }]))),
      (e: unknown) => e instanceof MountError && e.message === 'MountVolume.SetUp failed for volume "v": configmap "nope" not found');
    await vm.setup(ctx(podWith([{ name: 'v', configMap: { name: 'nope', optional: true } }])));
    await assert.rejects(vm.setup(ctx(podWith([{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'zz' }] } }]))), MountError);
  });

  it('secret, downwardAPI and projected service-account token volumes', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { pw: Buffer.from('hunter2').toString('base64') } } as KObject;
    const { vm, calls, clock } = manager([secret, cm({ 'ca.crt': 'CA' })]);
    const pod = podWith([
      { name: 'sec', secret: { secretName: 's', defaultMode: 0o400 } },
      { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } }] } },
      { name: 'token', projected: { sources: [
        { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } },
        { configMap: { name: 'cfg', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
      ] } },
    ], { serviceAccountName: 'robot' });
    const p = await vm.setup(ctx(pod));
    assert.equal(await readFile(join(p.get('sec')!, 'pw'), 'utf8'), 'hunter2');
    assert.equal((await stat(join(p.get('sec')!, 'pw'))).mode & 0o777, 0o400);
    assert.equal(await readFile(join(p.get('dapi')!, 'labels'), 'utf8'), 'app="web"\ntier="fe"');
    assert.equal(await readFile(join(p.get('dapi')!, 'mem'), 'utf8'), '32');
    assert.equal(await readFile(join(p.get('token')!, 'token'), 'utf8'), 'tok-1');
    assert.equal(await readFile(join(p.get('token')!, 'ca.crt'), 'utf8'), 'CA');
    assert.equal(await readFile(join(p.get('token')!, 'namespace'), 'utf8'), 'default');
    assert.deepEqual(calls, [{
      method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts/robot/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'u1' } } },
    }]);
    // the token is reused until 80 % of its lifetime, then refreshed
    await vm.setup(ctx(pod));
    assert.equal(calls.length, 1);
    await clock.advance(2880_000);
    await vm.setup(ctx(pod));
    assert.equal(calls.length, 2);
    assert.equal(await readFile(join(p.get('token')!, 'token'), 'utf8'), 'tok-2');
  });

  it('emptyDir (memory-backed: a tmpfs sized by sizeLimit or the pod limit), hostPath types, PVC on a hostPath PV, and teardown', async () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { volumeName: 'pv1' }, status: { phase: 'Bound' } } as KObject;
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { hostPath: { path: join(dir, 'storage', 'pv1') } } } as KObject;
    const { vm, mounts } = manager([pvc, pv]);
    const pod = podWith([
      { name: 'scratch', emptyDir: {} },
      { name: 'mem', emptyDir: { medium: 'Memory' } },
      { name: 'mem2', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
      { name: 'hp', hostPath: { path: join(dir, 'host', 'made'), type: 'DirectoryOrCreate' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    ]);
    const p = await vm.setup(ctx(pod));
    assert.equal(p.get('scratch'), join(dir, 'pods', 'u1', 'volumes', 'empty-dir', 'scratch'));
    assert.equal((await stat(p.get('scratch')!)).mode & 0o777, 0o777);
    assert.ok((await lstat(p.get('hp')!)).isDirectory());
    assert.equal(p.get('data'), join(dir, 'storage', 'pv1'));
    assert.deepEqual(mounts, [`mount ${p.get('mem')} ${32 * 2 ** 20}`, `mount ${p.get('mem2')} ${2 ** 20}`]);
    await assert.rejects(vm.setup(ctx(podWith([{ name: 'f', hostPath: { path: join(dir, 'host', 'made'), type: 'File' } }]))), MountError);

    await vm.teardown('u1');
    assert.deepEqual(mounts.at(-1), `umount ${join(dir, 'pods', 'u1')}`);
    await assert.rejects(stat(join(dir, 'pods', 'u1')));
    assert.ok((await lstat(join(dir, 'host', 'made'))).isDirectory()); // host paths are the node's: left alone
  });

  it('an unbound claim fails the mount', async () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: {}, status: { phase: 'Pending' } } as KObject;
    const { vm } = manager([pvc]);
    await assert.rejects(vm.setup(ctx(podWith([{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }]))), /is not bound/);
  });

  it('writeAtomic refuses paths that escape the volume', async () => {
    for (const bad of ['../x', '/etc/passwd', 'a/../../b', '..data']) {
      await assert.rejects(writeAtomic(join(dir, 'v'), new Map([[bad, { data: Buffer.from(''), mode: 0o644 }]]), new Date(T0)), /invalid path/);
    }
  });
});
