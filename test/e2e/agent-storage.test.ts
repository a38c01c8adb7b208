/**
 * Issue 4: local-path persistent volumes on a real node (root, containerd), provisioned by
 * `kite server`'s own local-path provisioner into `DIR/storage`.
 * A claim + a pod writing into it → a Bound PV and the file on the host; the pod is replaced and the
 * new one reads the file back; deleting the claim removes the PV and its directory.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { until } from './helpers/wait.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const IMAGE = 'docker.io/library/busybox:1.35';
const NODE = 'lp-1';

const claimYaml = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 64Mi } }
`;
const podYaml = (name: string, script: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: ${IMAGE}
    imagePullPolicy: Never
    command: [sh, -c, '${script}']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
`;

describe('local-path persistent volumes on a real node', () => {
  let c: TestCluster;
  const storageDir = () => path.join(c.dataDir, 'storage');
  const json = async <T>(args: string[]) => JSON.parse(await c.k([...args, '-o', 'json'])) as T;
  const phase = async (pod: string) => (await json<{ status?: { phase?: string } }>(['get', 'pod', pod])).status?.phase;

  before(async () => {
    c = await startCluster(['--node-name', NODE], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until(`node ${NODE} to register`, async () => (await c.kubectl(['get', 'node', NODE])).code === 0);
    await c.k(['wait', '--for=condition=Ready', `node/${NODE}`, '--timeout=60s']);
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods,pvc', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  it('the default StorageClass local-path exists', async () => {
    const sc = await until('the local-path StorageClass', async () => {
      const r = await c.kubectl(['get', 'storageclass', 'local-path', '-o', 'json']);
      return r.code === 0 && JSON.parse(r.stdout) as { provisioner: string; volumeBindingMode: string; metadata: { annotations: Record<string, string> } };
    }, 15_000);
    assert.equal(sc.provisioner, 'kite.dev/local-path');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
  });

  it('a pod writes into a claim; the PV is provisioned, Bound and pinned to the node', async () => {
    await c.k(['apply', '-f', '-'], { input: claimYaml });
    await sleep(1000);
    assert.equal((await json<{ status: { phase: string } }>(['get', 'pvc', 'data'])).status.phase, 'Pending', 'WaitForFirstConsumer: no volume before a pod');
    await c.k(['apply', '-f', '-'], { input: podYaml('writer', 'echo kept-across-pods > /data/note && sync') });
    await until('writer to succeed', async () => (await phase('writer')) === 'Succeeded', 60_000);

    const pvc = await json<{ metadata: { uid: string }; spec: { volumeName: string }; status: { phase: string; capacity: { storage: string } } }>(['get', 'pvc', 'data']);
    assert.equal(pvc.status.phase, 'Bound');
    assert.equal(pvc.spec.volumeName, `pvc-${pvc.metadata.uid}`);
    assert.equal(pvc.status.capacity.storage, '64Mi');
    const pv = await json<{ spec: { hostPath: { path: string }; claimRef: { uid: string }; persistentVolumeReclaimPolicy: string }; status: { phase: string } }>(['get', 'pv', pvc.spec.volumeName]);
    assert.equal(pv.status.phase, 'Bound');
    assert.equal(pv.spec.claimRef.uid, pvc.metadata.uid);
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.spec.hostPath.path, path.join(storageDir(), `${pvc.metadata.uid}_default_data`));
    assert.equal(await readFile(path.join(pv.spec.hostPath.path, 'note'), 'utf8'), 'kept-across-pods\n');
  });

  it('the data survives the pod: a new pod with the same claim reads it back', async () => {
    await c.k(['delete', 'pod', 'writer', '--wait=true', '--timeout=30s']);
    await c.k(['apply', '-f', '-'], { input: podYaml('reader', 'cat /data/note') });
    await until('reader to succeed', async () => (await phase('reader')) === 'Succeeded', 60_000);
    const out = await until('reader logs', async () => (await c.k(['logs', 'reader'])) || false, 15_000);
    assert.equal(out, 'kept-across-pods\n');
    await c.k(['delete', 'pod', 'reader', '--wait=true', '--timeout=30s']);
  });

  it('deleting the claim deletes its PV and its directory', async () => {
    const pvc = await json<{ spec: { volumeName: string } }>(['get', 'pvc', 'data']);
    await c.k(['delete', 'pvc', 'data', '--wait=true', '--timeout=30s']);
    await until('the PV to be deleted', async () => (await c.kubectl(['get', 'pv', pvc.spec.volumeName])).code !== 0, 20_000);
    await until('the volume directory to be removed', async () => (await readdir(storageDir())).length === 0, 10_000);
    assert.ok(existsSync(storageDir()), 'the storage dir itself stays');
  });
});
