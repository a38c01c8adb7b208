/** Builders of nodes and pods, and fakes of the shared informers and the client, for scheduler tests. */
import { pino } from 'pino';
import type { Container, Node, Pod, Taint, Toleration } from '../../../src/api/registry/core-types.js';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import type { ControllerDeps, InformerEvent, SharedInformer, SharedInformers } from '../../../src/controllers/index.js';
import { newNodeInfo, addPod, type NodeInfo } from '../../../src/scheduler/node-info.js';
import { podInfo } from '../../../src/scheduler/pod-info.js';
import { fakeClock, type FakeClock } from '../controllers/fake-clock.js';

export interface NodeOpts {
  cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[];
  unschedulable?: boolean; ready?: 'True' | 'False' | 'Unknown' | null;
}

export function node(name: string, o: NodeOpts = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: allocatable, allocatable,
      conditions: o.ready === null ? [] : [{ type: 'Ready', status: o.ready ?? 'True' }],
    },
  };
}

export interface PodOpts {
  ns?: string; cpu?: string; memory?: string; nodeName?: string; owner?: string; labels?: Record<string, string>;
  tolerations?: Toleration[]; nodeSelector?: Record<string, string>; affinity?: unknown; hostPort?: number;
  hostIP?: string; protocol?: string; containers?: Container[]; initContainers?: Container[]; schedulerName?: string; priority?: number;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers = o.containers ?? [{
    name: 'c', image: 'nginx',
    ...(Object.keys(requests).length ? { resources: { requests } } : {}),
    ...(o.hostPort ? { ports: [{ containerPort: 80, hostPort: o.hostPort, protocol: o.protocol ?? 'TCP', ...(o.hostIP ? { hostIP: o.hostIP } : {}) }] } : {}),
  }];
  const spec: Pod['spec'] = { containers, schedulerName: o.schedulerName ?? 'default-scheduler' };
  if (o.initContainers) spec.initContainers = o.initContainers;
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.affinity) spec.affinity = o.affinity;
  if (o.priority !== undefined) spec.priority = o.priority;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: o.ns ?? 'default', uid: `uid-${name}`, resourceVersion: '1', labels: o.labels,
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: `uid-${o.owner}`, controller: true }] } : {}),
    },
    spec,
    status: { phase: 'Pending' },
  };
}

/** A NodeInfo with the given pods already bound to it. */
export function nodeInfo(n: Node, pods: Pod[] = []): NodeInfo {
  const ni = newNodeInfo(n);
  for (const p of pods) addPod(ni, podInfo(p, n.metadata.name));
  return ni;
}

interface FakeShared<T extends KObject> extends SharedInformer<T> { emit(e: InformerEvent<T>): void; set(objs: T[]): void }

function fakeShared<T extends KObject>(): FakeShared<T> {
  const cache = new Map<string, T>();
  const handlers: Array<(e: InformerEvent<T>) => void> = [];
  const key = (o: T) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`);
  const s: FakeShared<T> = {
    addHandler(h) { handlers.push(h); for (const o of cache.values()) h({ type: 'add', obj: o }); },
    synced: async () => undefined,
    hasSynced: () => true,
    list: () => [...cache.values()],
    get: (k) => cache.get(k),
    emit(e) {
      if (e.type === 'delete') cache.delete(key(e.obj)); else cache.set(key(e.obj), e.obj);
      for (const h of handlers) h(e);
    },
    set(objs) { for (const o of objs) s.emit(cache.has(key(o)) ? { type: 'update', obj: o, old: cache.get(key(o))! } : { type: 'add', obj: o }); },
  };
  return s;
}

export interface Write { verb: string; path: string; body: unknown }

/**
 * The scheduler's dependencies with fake informers preloaded with `nodes` and `pods`. The client
 * records every write; a binding also updates the fake pod informer (as the watch would).
 */
export function schedulerFixture(nodes: Node[], pods: Pod[], o: { failBind?: (name: string) => number | undefined; watchBindings?: boolean } = {}) {
  const podInf = fakeShared<Pod>();
  const nodeInf = fakeShared<Node>();
  nodeInf.set(nodes);
  podInf.set(pods);
  const writes: Write[] = [];
  const events: Array<{ name: string; type: string; reason: string; message: string }> = [];
  const clock: FakeClock = fakeClock();
  const informers: SharedInformers = {
    forResource: <T extends KObject>(ref: ResourceRef) => (ref.plural === 'pods' ? podInf : nodeInf) as unknown as SharedInformer<T>,
    run: async () => undefined,
  };
  const fail = (code: number) => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, message: `failed with ${code}` });
  const client = {
    async raw(method: string, path: string, body?: unknown) {
      writes.push({ verb: method, path, body });
      const m = /namespaces\/([^/]+)\/pods\/([^/]+)\/(binding|status)$/.exec(path);
      if (!m) throw new Error(`unexpected ${method} ${path}`);
      const cur = podInf.get(`${m[1]}/${m[2]}`);
      if (!cur) throw fail(404);
      if (m[3] === 'binding') {
        const code = o.failBind?.(m[2]!);
        if (code) throw fail(code);
        const next = structuredClone(cur);
        next.spec.nodeName = (body as { target: { name: string } }).target.name;
        if (o.watchBindings !== false) podInf.emit({ type: 'update', obj: next, old: cur });
      }
      return { kind: 'Status', status: 'Success' };
    },
  } as unknown as KubeClient;
  const deps: ControllerDeps = {
    client, informers, clock, log: pino({ level: 'silent' }),
    recorder: { event: (obj, type, reason, message) => events.push({ name: obj.metadata.name ?? '', type, reason, message }) },
  };
  return { deps, writes, events, clock, pods: podInf, nodes: nodeInf };
}
