/**
 * Pod volumes on the node (issue 4, scope 5). `setup` makes every volume of a pod ready and returns
 * where each lives on the host; the pod worker bind-mounts those paths into containers through the
 * CRI (`Mount`), so nothing here mounts into a container itself. Layout, per pod:
 *   DIR/agent/pods/<uid>/volumes/empty-dir/<name>   emptyDir (a tmpfs for `medium: Memory`)
 *   DIR/agent/pods/<uid>/volumes/configmap|secret|downward-api|projected/<name>   atomic-writer.ts
 * hostPath (host-path.ts) and persistentVolumeClaim (pvc.ts: Bound to a hostPath/local PV) are node
 * paths used in place. `setup` runs on every pod sync, so configMap/secret changes and token
 * refreshes reach running pods (writes happen only when the content changed). `teardown` unmounts
 * tmpfs mounts and removes the pod's directory.
 */
import { mkdir, rm, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from '../../api/registry/core-types.js';
import { parseQuantity } from '../../api/validation/quantity.js';
import { isNotFound, type KubeClient } from '../../client/index.js';
import type { Clock } from '../../controllers/index.js';
import { writeAtomic } from './atomic-writer.js';
import type { DownwardContext } from './downward.js';
import { hostPathVolume } from './host-path.js';
import { hostMounter, type Mounter } from './mounter.js';
import { claimPath } from './pvc.js';
import { MountError, volumePayload, type ObjectSource } from './sources.js';

export { MountError } from './sources.js';
export { DownwardError, fieldRefValue, resourceFieldValue } from './downward.js';
export type { DownwardContext, ResourceFieldRef } from './downward.js';
export type { Mounter } from './mounter.js';
export { hostMounter } from './mounter.js';

export interface VolumeManagerDeps {
  client: Pick<KubeClient, 'get' | 'raw'>;
  /** DIR/agent/pods */
  podsDir: string;
  clock: Clock;
  log: Logger;
  mounter?: Mounter;
}

export interface VolumeManager {
  /** Readies every volume of the pod; name → host path. Throws `MountError` (event FailedMount) when one cannot be. */
  setup(x: DownwardContext, signal?: AbortSignal): Promise<Map<string, string>>;
  /** Unmounts and removes everything the pod's volumes left on the node. */
  teardown(uid: string): Promise<void>;
}

const KIND_DIRS: Record<string, string> = { configMap: 'configmap', secret: 'secret', downwardAPI: 'downward-api', projected: 'projected' };
const core = (plural: string, namespace?: string) => ({ group: '', version: 'v1', plural, namespace });

export function createVolumeManager(d: VolumeManagerDeps): VolumeManager {
  const mounter = d.mounter ?? hostMounter;
  const tokens = new Map<string, { token: string; refreshAt: number }>();
  const getOpt = async <T>(p: Promise<T>): Promise<T | undefined> => p.catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });

  const objects = (signal?: AbortSignal): ObjectSource => ({
    configMap: (ns, name) => getOpt(d.client.get<ConfigMap>(core('configmaps', ns), name, { signal })),
    secret: (ns, name) => getOpt(d.client.get<Secret>(core('secrets', ns), name, { signal })),
    async token(pod, o) {
      const key = `${pod.metadata.uid}/${o.path}`;
      const cached = tokens.get(key);
      if (cached && d.clock.now() < cached.refreshAt) return cached.token;
      const ttl = o.expirationSeconds ?? 3600;
      const sa = pod.spec.serviceAccountName || 'default';
      const body = {
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
        spec: {
          audiences: o.audience ? [o.audience] : [], expirationSeconds: ttl,
          boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid: pod.metadata.uid },
        },
      };
      const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? '')}/serviceaccounts/${encodeURIComponent(sa)}/token`;
      const res = await d.client.raw('POST', path, body, undefined, { signal }) as { status?: { token?: string } };
      const token = res.status?.token;
      if (!token) throw new MountError(`no token issued for service account ${sa}`);
      // refresh at 80 % of the lifetime, as the kubelet's token manager does
      tokens.set(key, { token, refreshAt: d.clock.now() + ttl * 800 });
      return token;
    },
  });

  const claims = (signal?: AbortSignal) => ({
    claim: (ns: string, name: string) => getOpt(d.client.get<PersistentVolumeClaim>(core('persistentvolumeclaims', ns), name, { signal })),
    volume: (name: string) => getOpt(d.client.get<PersistentVolume>(core('persistentvolumes'), name, { signal })),
  });

  /** A memory-backed emptyDir's size: its sizeLimit, else the pod's memory limit when every container has one. */
  const tmpfsSize = (pod: Pod, sizeLimit?: string) => {
    if (sizeLimit) return Math.ceil(parseQuantity(sizeLimit) ?? 0);
    const limits = pod.spec.containers.map((c) => c.resources?.limits?.memory);
    return limits.every((l) => l !== undefined) ? limits.reduce<number>((s, l) => s + Math.ceil(parseQuantity(l!) ?? 0), 0) : 0;
  };

  async function one(x: DownwardContext, vol: Record<string, unknown> & { name: string }, base: string, signal?: AbortSignal): Promise<string> {
    const pod = x.pod;
    if (vol.emptyDir) {
      const ed = vol.emptyDir as { medium?: string; sizeLimit?: string };
      const dir = join(base, 'empty-dir', vol.name);
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o777); // upstream: world-writable, so any runAsUser can use it
      if (ed.medium === 'Memory') await mounter.mountTmpfs(dir, tmpfsSize(pod, ed.sizeLimit));
      return dir;
    }
    if (vol.hostPath) return hostPathVolume(vol.hostPath as { path: string; type?: string });
    if (vol.persistentVolumeClaim) {
      return claimPath(claims(signal), pod.metadata.namespace ?? '', (vol.persistentVolumeClaim as { claimName: string }).claimName);
    }
    const payload = await volumePayload(objects(signal), x, vol);
    const kind = Object.keys(KIND_DIRS).find((k) => vol[k]);
    if (!payload || !kind) throw new MountError(`volume ${vol.name}: unsupported volume type`);
    const dir = join(base, KIND_DIRS[kind]!, vol.name);
    await writeAtomic(dir, payload, new Date(d.clock.now()));
    return dir;
  }

  return {
    async setup(x, signal) {
      const base = join(d.podsDir, x.pod.metadata.uid ?? '', 'volumes');
      const out = new Map<string, string>();
      for (const vol of x.pod.spec.volumes ?? []) {
        try {
          out.set(vol.name, await one(x, vol, base, signal));
        } catch (e) {
          if (e instanceof MountError) throw new MountError(`MountVolume.SetUp failed for volume "${vol.name}": ${e.message}`);
          throw e;
        }
      }
      return out;
    },
    async teardown(uid) {
      if (!uid) return;
      const dir = join(d.podsDir, uid);
      await mounter.unmountUnder(dir);
      await rm(dir, { recursive: true, force: true });
      for (const k of tokens.keys()) if (k.startsWith(`${uid}/`)) tokens.delete(k);
    },
  };
}
