/** A pod worker over the fake CRI, a recording API client, real volumes in a temp dir and a manual clock. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ConfigMap, Pod, Secret } from '../../../../src/api/registry/core-types.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { createFakeCri, type FakeCri, type FakeCriOptions } from '../../../../src/agent/cri/index.js';
import { createPodWorker } from '../../../../src/agent/pods/pod-worker.js';
import { createProbeManager } from '../../../../src/agent/pods/probes.js';
import { createRestartBackoff } from '../../../../src/agent/pods/restart-backoff.js';
import { createStatusWriter } from '../../../../src/agent/pods/status-writer.js';
import { createVolumeManager } from '../../../../src/agent/volumes/index.js';
import { ApiError, type KubeClient } from '../../../../src/client/index.js';
import { fakeClock } from '../../controllers/fake-clock.js';

export const T0 = Date.parse('2025-03-01T10:00:00Z');
export const HOST_IP = '192.0.2.10';
const log = pino({ level: 'silent' });
const notFound = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' });

export function pod(spec: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', ...meta },
    spec: { nodeName: 'n1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'busybox:1.35', imagePullPolicy: 'IfNotPresent' }], ...spec },
    status: { phase: 'Pending' },
  };
}

export interface Write { verb: string; path: string; body?: unknown }

export async function fixture(o: {
  pods: Pod[]; objects?: KObject[]; cri?: FakeCriOptions; criInstance?: FakeCri; clock?: ReturnType<typeof fakeClock>;
  /** Pods on the CNI pod network (default: the host network), ready when this says so. */
  network?: { ready: () => boolean };
}) {
  const clock = o.clock ?? fakeClock(T0);
  const cri = o.criInstance ?? createFakeCri({ now: clock.now, images: ['busybox:1.35'], ...o.cri });
  const stops: Array<{ id: string; timeout: number }> = [];
  const origStop = cri.stopContainer.bind(cri);
  cri.stopContainer = async (id, timeout) => { stops.push({ id, timeout }); return origStop(id, timeout); };
  const writes: Write[] = [];
  const events: Array<{ type: string; reason: string; message: string }> = [];
  const cgroupCalls: string[] = [];
  const pods = new Map(o.pods.map((p) => [p.metadata.uid ?? '', p]));
  const objects = new Map((o.objects ?? []).map((x) => [`${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}`, x]));
  const find = (kind: string, ns: string, name: string) => objects.get(`${kind}/${ns}/${name}`);
  const kinds: Record<string, string> = { configmaps: 'ConfigMap', secrets: 'Secret', persistentvolumeclaims: 'PersistentVolumeClaim', persistentvolumes: 'PersistentVolume' };
  const client: Pick<KubeClient, 'get' | 'raw' | 'delete'> = {
    get: (async (ref: { plural: string; namespace?: string }, name: string) => {
      const x = find(kinds[ref.plural] ?? '', ref.namespace ?? '', name);
      if (!x) throw notFound();
      return structuredClone(x);
    }) as KubeClient['get'],
    raw: async (method, path, body) => {
      writes.push({ verb: method, path, body });
      if (path.endsWith('/token')) return { status: { token: 'token-for-' + path.split('/')[6] } };
      return {};
    },
    delete: async (ref, name, d = {}) => {
      const { signal: _s, ...opts } = d;
      writes.push({ verb: 'DELETE', path: `${ref.namespace}/${ref.plural}/${name}`, body: opts });
      return { metadata: {} } as KObject;
    },
  };
  const dir = await mkdtemp(join(tmpdir(), 'kite-pods-'));
  const mounts: string[] = [];
  const recorder = { event: (_o: KObject, type: string, reason: string, message: string) => { events.push({ type, reason, message }); } };
  const probes = createProbeManager({ cri, clock, log, recorder, onChange: () => undefined });
  const backoff = createRestartBackoff();
  const worker = createPodWorker({
    client, cri, clock, log, recorder, probes, backoff,
    cgroups: {
      podCgroupParent: (uid, qos) => `/kite/${qos.toLowerCase()}/pod${uid}`,
      removePodCgroup: async (uid) => { cgroupCalls.push(uid); },
    },
    volumes: createVolumeManager({
      client, podsDir: join(dir, 'agent', 'pods'), clock, log,
      mounter: { mountTmpfs: async (d, size) => { mounts.push(`tmpfs ${d} ${size}`); }, unmountUnder: async (d) => { mounts.push(`umount ${d}`); } },
    }),
    status: createStatusWriter(client),
    objects: {
      configMap: async (ns, name) => find('ConfigMap', ns, name) as ConfigMap | undefined,
      secret: async (ns, name) => find('Secret', ns, name) as Secret | undefined,
    },
    pod: (uid) => pods.get(uid),
    podsDir: join(dir, 'agent', 'pods'), hostIP: HOST_IP,
    ...(o.network ? { podNetwork: 'cni' as const, networkReady: o.network.ready, clusterDns: { servers: ['10.43.0.10'], domain: 'cluster.local' } } : { podNetwork: 'host' as const }),
    dns: async () => ({ servers: ['192.0.2.53'], searches: [], options: [] }),
    memoryCapacity: 8 * 2 ** 30, allocatable: { cpu: 4, memory: 8 * 2 ** 30, 'ephemeral-storage': 100 * 2 ** 30 },
  });
  const signal = new AbortController().signal;

  /** The last status patch body, applied to the pod as the API server would (so the next pass compares against it). */
  const statusPatches = () => writes.filter((w) => w.verb === 'PATCH' && w.path.endsWith('/status'))
    .map((w) => (w.body as { status: Record<string, unknown> }).status);
  const applyStatus = (p: Pod) => {
    const last = statusPatches().at(-1);
    if (!last) return;
    const clean = JSON.parse(JSON.stringify(last, (_k, v: unknown) => (Array.isArray(v) ? v.filter((i) => !(i && typeof i === 'object' && '$patch' in i)) : v)));
    p.status = { ...p.status, ...clean };
  };
  return {
    cri, clock, writes, events, stops, cgroupCalls, mounts, dir, pods, probes, backoff, statusPatches,
    /** One sync pass of the pod with this uid; applies the resulting status to the cached pod. */
    async sync(uid = 'uid-1') {
      const after = await worker.sync(uid, signal);
      const p = pods.get(uid);
      if (p) applyStatus(p);
      return after;
    },
    lastStatus: () => statusPatches().at(-1) as Record<string, unknown> & { phase: string; containerStatuses: any[]; initContainerStatuses?: any[]; conditions: any[] },
    criCalls: (...methods: string[]) => cri.calls().filter((c) => methods.includes(c.method)).map((c) => c.method),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
