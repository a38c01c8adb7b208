import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import { createLocalPathProvisioner } from '../../../src/controllers/local-path.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers, objKey as key } from './fake-informers.js';


const apiError = (code: number, reason: string) =>
  new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message: reason });

const ours = (o: { storageClassName?: string } = {}) => ({
  metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'kite.dev/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', ...o,
}) as KObject;
const immediate = (): KObject => ({ metadata: { name: 'fast' }, provisioner: 'kite.dev/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' } as KObject);
const foreign = (): KObject => ({ metadata: { name: 'nfs' }, provisioner: 'example.com/nfs', volumeBindingMode: 'Immediate' } as KObject);

const claim = (name: string, o: { cls?: string; uid?: string; volumeName?: string; phase?: string; node?: string } = {}): KObject => ({
  metadata: { name, namespace: 'app', uid: o.uid ?? `u-${name}`, resourceVersion: '7', annotations: o.node ? { 'volume.kubernetes.io/selected-node': o.node } : undefined },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', storageClassName: o.cls, volumeName: o.volumeName },
  status: { phase: o.phase ?? 'Pending' },
});
const pod = (name: string, claimName: string, nodeName?: string): KObject => ({
  metadata: { name, namespace: 'app', uid: `p-${name}` },
  spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
  status: { phase: 'Pending' },
} as KObject);

function fixture(storageDir: string, caches: Record<string, KObject[]>, o: { createError?: ApiError } = {}) {
  const writes: string[] = [];
  const bodies: KObject[] = [];
  const events: string[] = [];
  // The real client needs a namespaced object's namespace in the ref (the URL); so does the fake.
  const url = (r: ResourceRef, obj: KObject) => {
    if (obj.metadata.namespace !== r.namespace) throw new Error(`${r.plural} ${key(obj)} written with ref namespace ${r.namespace}`);
  };
  const client = {
    create: async <T extends KObject>(r: ResourceRef, obj: T) => {
      url(r, obj); writes.push(`create ${r.plural} ${key(obj)}`); bodies.push(obj);
      if (o.createError) throw o.createError;
      return obj;
    },
    update: async <T extends KObject>(r: ResourceRef, obj: T) => { url(r, obj); writes.push(`update ${r.plural} ${key(obj)}`); bodies.push(obj); return { ...obj, metadata: { ...obj.metadata, resourceVersion: '8' } }; },
    updateStatus: async <T extends KObject>(r: ResourceRef, obj: T) => { url(r, obj); writes.push(`status ${r.plural} ${key(obj)}`); bodies.push(obj); return obj; },
    delete: async (r: ResourceRef, name: string, opts: { preconditions?: { uid?: string } }) => {
      writes.push(`delete ${r.plural} ${name} uid=${opts.preconditions?.uid}`);
      return {} as KObject;
    },
  } as unknown as KubeClient;
  const { informers, emit } = fakeInformers(caches);
  const ctrl = createLocalPathProvisioner({
    client, informers, log: pino({ level: 'silent' }), clock: fakeClock(),
    recorder: { event: (obj, type, reason, msg) => events.push(`${type} ${reason} ${key(obj)}: ${msg}`) },
  }, { nodeName: 'lp-1', storageDir });
  const reconcile = (k: string) => (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
  return { ctrl, reconcile, writes, bodies, events, emit };
}

describe('local-path provisioner', () => {
  let root: string;
  let storage: string;
  before(async () => { root = await mkdtemp(path.join(tmpdir(), 'lp-unit-')); storage = path.join(root, 'storage'); });
  after(async () => { await rm(root, { recursive: true, force: true }); });

  it('creates the default StorageClass when missing, and leaves an existing (edited) one alone', async () => {
    const f = fixture(storage, {});
    await f.reconcile('storageclass');
    assert.deepEqual(f.writes, ['create storageclasses local-path']);
    assert.deepEqual(f.bodies[0], {
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kite.dev/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
    });
    const edited = { ...ours(), metadata: { name: 'local-path', annotations: {} } } as KObject;
    const g = fixture(storage, { storageclasses: [edited] });
    await g.reconcile('storageclass');
    assert.deepEqual(g.writes, []);
    await fixture(storage, {}, { createError: apiError(409, 'AlreadyExists') }).reconcile('storageclass');
    await assert.rejects(fixture(storage, {}, { createError: apiError(500, 'InternalError') }).reconcile('storageclass'), /InternalError/);
  });

  it('WaitForFirstConsumer: waits for a scheduled pod, then provisions the directory, the PV, and binds both', async () => {
    const f = fixture(storage, { storageclasses: [ours()], persistentvolumeclaims: [claim('data')], pods: [pod('unscheduled', 'data')] });
    await f.reconcile('app/data');
    assert.deepEqual(f.writes, [], 'no consumer on a node yet');

    f.emit('pods', { type: 'update', obj: pod('unscheduled', 'data', 'lp-1'), old: pod('unscheduled', 'data') });
    await f.reconcile('app/data');
    const dir = path.join(storage, 'u-data_app_data');
    assert.deepEqual(f.writes, [
      'create persistentvolumes pvc-u-data', 'status persistentvolumes pvc-u-data',
      'update persistentvolumeclaims app/data', 'status persistentvolumeclaims app/data',
    ]);
    assert.equal(statSync(dir).mode & 0o777, 0o777);
    assert.deepEqual(f.bodies[0], {
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name: 'pvc-u-data', annotations: { 'pv.kubernetes.io/provisioned-by': 'kite.dev/local-path' } },
      spec: {
        capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'],
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'app', name: 'data', uid: 'u-data' },
        persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'local-path', volumeMode: 'Filesystem',
        hostPath: { path: dir, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['lp-1'] }] }] } },
      },
    });
    assert.deepEqual((f.bodies[1] as unknown as { status: unknown }).status, { phase: 'Bound' });
    assert.equal((f.bodies[2] as unknown as { spec: { volumeName: string } }).spec.volumeName, 'pvc-u-data');
    const bound = f.bodies[3] as { metadata: { resourceVersion: string }; status: unknown };
    assert.equal(bound.metadata.resourceVersion, '8', 'the status write follows the spec write');
    assert.deepEqual(bound.status, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    assert.deepEqual(f.events, ['Normal ProvisioningSucceeded app/data: Successfully provisioned volume pvc-u-data']);
  });

  it('a claim without a class uses the default class; Immediate provisions on this node at once', async () => {
    const f = fixture(storage, { storageclasses: [immediate(), foreign()], persistentvolumeclaims: [claim('plain'), claim('quick', { cls: 'fast' }), claim('other', { cls: 'nfs' })] });
    await f.reconcile('app/plain');
    assert.deepEqual(f.writes, [], 'no default class of ours');
    await f.reconcile('app/other');
    assert.deepEqual(f.writes, [], 'another provisioner\'s class');
    await f.reconcile('app/quick');
    assert.equal(f.writes[0], 'create persistentvolumes pvc-u-quick');
    assert.ok(existsSync(path.join(storage, 'u-quick_app_quick')));

    const g = fixture(storage, { storageclasses: [ours()], persistentvolumeclaims: [claim('sel', { node: 'edge-9' })] });
    await g.reconcile('app/sel');
    assert.equal(g.writes[0], 'create persistentvolumes pvc-u-sel', 'the selected-node annotation counts as a consumer');
    const spec = (g.bodies[0] as unknown as { spec: { nodeAffinity: { required: { nodeSelectorTerms: Array<{ matchExpressions: Array<{ values: string[] }> }> } } } }).spec;
    assert.deepEqual(spec.nodeAffinity.required.nodeSelectorTerms[0]!.matchExpressions[0]!.values, ['edge-9']);
    assert.ok(!existsSync(path.join(storage, 'u-sel_app_sel')), 'another node\'s directory is not made here');
  });

  it('finishes a half-done bind, and leaves bound claims and claims bound elsewhere alone', async () => {
    const pv = {
      metadata: { name: 'pvc-u-half', annotations: { 'pv.kubernetes.io/provisioned-by': 'kite.dev/local-path' } },
      spec: { claimRef: { namespace: 'app', name: 'half', uid: 'u-half' }, accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, persistentVolumeReclaimPolicy: 'Delete' },
      status: { phase: 'Bound' },
    } as KObject;
    const f = fixture(storage, {
      storageclasses: [ours()], persistentvolumes: [pv],
      persistentvolumeclaims: [claim('half', { volumeName: 'pvc-u-half' }), claim('done', { volumeName: 'pvc-u-done', phase: 'Bound' }), claim('manual', { volumeName: 'my-pv', node: 'lp-1' })],
    });
    for (const k of ['app/half', 'app/done', 'app/manual']) await f.reconcile(k);
    assert.deepEqual(f.writes, ['status persistentvolumeclaims app/half']);
  });

  it('reclaims: a deleted or re-created claim loses its PV and its directory; others stay', async () => {
    const dir = path.join(storage, 'u-gone_app_gone');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'f'), 'x');
    const outside = path.join(root, 'outside');
    await mkdir(outside, { recursive: true });
    const pv = (name: string, claimName: string, uid: string, hostPath: string, o: { policy?: string; node?: string } = {}) => ({
      metadata: { name, uid: `pv-${name}`, annotations: { 'pv.kubernetes.io/provisioned-by': 'kite.dev/local-path' } },
      spec: {
        claimRef: { namespace: 'app', name: claimName, uid }, persistentVolumeReclaimPolicy: o.policy ?? 'Delete', hostPath: { path: hostPath },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [o.node ?? 'lp-1'] }] }] } },
      },
      status: { phase: 'Bound' },
    } as KObject);
    const f = fixture(storage, {
      storageclasses: [ours()],
      persistentvolumes: [pv('pvc-u-gone', 'gone', 'u-gone', dir), pv('pvc-old', 'again', 'u-old', outside), pv('kept', 'kept', 'u-kept', outside, { policy: 'Retain' }), pv('live', 'live', 'u-live', outside)],
      persistentvolumeclaims: [claim('again', { uid: 'u-new' }), claim('live', { uid: 'u-live', volumeName: 'live', phase: 'Bound' })],
    });
    for (const k of ['app/gone', 'app/again', 'app/kept', 'app/live']) await f.reconcile(k);
    assert.deepEqual(f.writes, ['delete persistentvolumes pvc-u-gone uid=pv-pvc-u-gone', 'delete persistentvolumes pvc-old uid=pv-pvc-old']);
    assert.ok(!existsSync(dir), 'the directory under storageDir is removed');
    assert.ok(existsSync(outside), 'a path outside storageDir is never removed');
  });

  it('running, it creates the class and provisions once a pod is scheduled', async () => {
    const f = fixture(storage, { persistentvolumeclaims: [claim('run')] });
    const ac = new AbortController();
    const running = f.ctrl.run(ac.signal);
    const until = async (n: number) => { for (const end = Date.now() + 5000; f.writes.length < n && Date.now() < end;) await sleep(5); };
    await until(1);
    assert.deepEqual(f.writes, ['create storageclasses local-path']);
    f.emit('storageclasses', { type: 'add', obj: ours() });
    f.emit('pods', { type: 'add', obj: pod('p', 'run', 'lp-1') });
    await until(5);
    ac.abort();
    await running;
    assert.deepEqual(f.writes.slice(1, 3), ['create persistentvolumes pvc-u-run', 'status persistentvolumes pvc-u-run']);
  });
});
