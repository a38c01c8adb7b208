/**
 * The disruption controller (upstream `pkg/controller/disruption`): keeps each
 * PodDisruptionBudget's status in line with the pods its selector matches, so the eviction
 * subresource (apiserver/handlers/special.ts) can refuse evictions with 429 when
 * `disruptionsAllowed` is 0 or `observedGeneration` lags. For percentages and `maxUnavailable`,
 * `expectedPods` is the summed replicas of the pods' controllers (Deployment through its
 * ReplicaSet, ReplicaSet, StatefulSet; Kite serves no ReplicationControllers); pods without a
 * known controller make the pass fail safe (no disruption allowed, reason SyncFailed).
 */
import { isDeepStrictEqual } from 'node:util';
import { nowRfc3339 } from '../api/meta.js';
import type { Pod } from '../api/registry/core-types.js';
import { labelSelectorFromObject, matchLabels } from '../api/selectors/index.js';
import type { KObject, OwnerReference } from '../api/types/index.js';
import type { KubeClient, ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, EventRecorder, RunnableController } from './deps.js';
import { countHealthy, expectedAndDesired, liveDisruptions, needsScale, pdbStatus, type Pdb } from './disruption-status.js';
import { objectKey } from './informer.js';
import { createWorkQueue } from './workqueue.js';

const PDBS: ResourceRef = { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const SCALABLE: Record<string, ResourceRef> = {
  ReplicaSet: { group: 'apps', version: 'v1', plural: 'replicasets' },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', plural: 'statefulsets' },
};
type Scalable = KObject & { spec?: { replicas?: number } };

export interface DisruptionSyncDeps {
  client: Pick<KubeClient, 'updateStatus'>;
  pdb(key: string): Pdb | undefined;
  podsIn(namespace: string): Pod[];
  /** A controller object from the cache, by kind and `ns/name`. */
  owner(kind: string, key: string): Scalable | undefined;
  recorder: EventRecorder;
  clock: { now(): number };
}

/** Whether a PDB's selector (policy/v1: absent matches nothing, empty matches all) takes this pod. */
export function selects(pdb: Pdb, pod: KObject): boolean {
  const sel = pdb.spec?.selector;
  if (!sel || pod.metadata.namespace !== pdb.metadata.namespace) return false;
  try { return matchLabels(labelSelectorFromObject(sel), pod.metadata.labels); } catch { return false; }
}

const controllerOf = (o: KObject): OwnerReference | undefined => o.metadata.ownerReferences?.find((r) => r.controller);

/** upstream getExpectedScale: the replicas of each distinct controller of the pods, summed. */
function expectedScale(d: DisruptionSyncDeps, ns: string, pods: Pod[]): number {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) throw new Error(`found no controller ref for pod "${pod.metadata.name}"`);
    let found: Scalable | undefined = d.owner(ref.kind, `${ns}/${ref.name}`);
    if (found?.metadata.uid !== ref.uid) found = undefined;
    if (found && ref.kind === 'ReplicaSet') {
      // a Deployment's ReplicaSet is scaled by the Deployment
      const up = controllerOf(found);
      const dep = up?.kind === 'Deployment' ? d.owner('Deployment', `${ns}/${up.name}`) : undefined;
      if (dep && dep.metadata.uid === up!.uid) found = dep;
    }
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
    seen.set(found.metadata.uid ?? objectKey(found), found.spec?.replicas ?? 1);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

/** One pass over one PDB; returns when a disrupted pod's entry expires, if one will. */
export function createDisruptionSync(d: DisruptionSyncDeps): (key: string) => Promise<number | undefined> {
  return async (key) => {
    const pdb = d.pdb(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return undefined;
    const ns = pdb.metadata.namespace ?? '';
    const pods = d.podsIn(ns).filter((p) => selects(pdb, p));
    const now = d.clock.now();
    if (!pods.length) d.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');

    let failure: string | undefined;
    let scale = 0;
    if (needsScale(pdb)) {
      try { scale = expectedScale(d, ns, pods); } catch (e) {
        failure = (e as Error).message;
        d.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${failure}`);
      }
    }
    const [expected, desired] = expectedAndDesired(pdb, pods.length, scale);
    const { kept, overdue, recheckAt } = liveDisruptions(pdb, pods, now);
    for (const p of overdue) d.recorder.event(p, 'Warning', 'NotDeleted', `Pod was expected by PDB ${ns}/${pdb.metadata.name} to be deleted but it wasn't`);
    const status = pdbStatus(pdb, { expected, desired, healthy: countHealthy(pods, kept), disrupted: kept, nowIso: nowRfc3339(new Date(now)), failure });
    if (!isDeepStrictEqual(pdb.status ?? {}, status)) {
      await d.client.updateStatus({ ...PDBS, namespace: ns }, { ...structuredClone(pdb), status });
    }
    return recheckAt === undefined ? undefined : Math.max(0, recheckAt - now) + 1;
  };
}

class DisruptionController extends Controller {
  constructor(o: ControllerOptions, private readonly sync: (key: string) => Promise<number | undefined>) { super(o); }
  protected override async reconcile(key: string): Promise<void> {
    const after = await this.sync(key);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

export function createDisruptionController(d: ControllerDeps, opts: { workers?: number } = {}): RunnableController {
  const pdbs = d.informers.forResource<Pdb>(PDBS);
  const pods = d.informers.forResource<Pod>(PODS);
  const owners = Object.fromEntries(Object.entries(SCALABLE).map(([k, ref]) => [k, d.informers.forResource<Scalable>(ref)]));
  const queue = createWorkQueue<string>({ clock: d.clock });

  // pods per namespace, so a PDB pass does not scan every pod in the cluster
  const byNs = new Map<string, Set<string>>();
  const index = (p: KObject, add: boolean) => {
    const ns = p.metadata.namespace ?? '';
    const set = byNs.get(ns) ?? new Set<string>();
    if (add) set.add(objectKey(p)); else set.delete(objectKey(p));
    if (set.size) byNs.set(ns, set); else byNs.delete(ns);
  };
  const forPod = (p: KObject) => { for (const b of pdbs.list()) if (selects(b, p)) queue.add(objectKey(b)); };
  const forNamespace = (ns: string | undefined) => { for (const b of pdbs.list()) if (b.metadata.namespace === ns) queue.add(objectKey(b)); };

  pdbs.addHandler((e) => { if (e.type !== 'delete') queue.add(objectKey(e.obj)); });
  pods.addHandler((e) => {
    index(e.obj, e.type !== 'delete');
    forPod(e.obj);
    if (e.type === 'update') forPod(e.old);
  });
  for (const inf of Object.values(owners)) {
    inf.addHandler((e) => { if (e.type !== 'update' || e.old.spec?.replicas !== e.obj.spec?.replicas) forNamespace(e.obj.metadata.namespace); });
  }

  const sync = createDisruptionSync({
    client: d.client, recorder: d.recorder, clock: d.clock,
    pdb: (k) => pdbs.get(k),
    podsIn: (ns) => [...(byNs.get(ns) ?? [])].map((k) => pods.get(k)).filter((p): p is Pod => !!p),
    owner: (kind, k) => owners[kind]?.get(k),
  });
  return new DisruptionController({ name: 'disruption', log: d.log, shared: [pdbs, pods, ...Object.values(owners)], queue, workers: opts.workers ?? 2 }, sync);
}
