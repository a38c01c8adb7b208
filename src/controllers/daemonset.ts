/**
 * The DaemonSet controller (upstream `pkg/controller/daemon`): one pod per eligible node
 * (daemonset-nodes.ts), pinned by node affinity and placed by the default scheduler; a node added
 * later gets its pod, a node that stops qualifying loses it. Templates are versioned as
 * ControllerRevisions (daemonset-history.ts); RollingUpdate replaces old pods within
 * maxUnavailable / maxSurge (daemonset-update.ts), OnDelete only when a pod is deleted.
 * Node heartbeats do not wake it: only node label, taint and spec changes do.
 */
import type { Node, Pod } from '../api/registry/core-types.js';
import { isNotFound } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import {
  canonicalJson, CONTROLLER_REVISIONS, currentRevision, REVISION_HASH_LABEL, truncateHistory, type ControllerRevision,
} from './daemonset-history.js';
import { NODES, nodeEligibility, pinToNode, targetNode } from './daemonset-nodes.js';
import { DAEMONSETS, daemonSetStatus, writeDerivedStatus, type AppsDaemonSet } from './daemonset-status.js';
import { managePlan, rollingUpdatePlan, scaled, type NodePods } from './daemonset-update.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import {
  controllerOf, controllerRef, createOwnedPods, createPendingPods, isControlledBy, PODS, podFromTemplate, untilAvailable,
  type OwnedPods, type PendingPods,
} from './job-pod-control.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

export interface DaemonSetControllerOptions { workers?: number }

interface Informers {
  dss: SharedInformer<AppsDaemonSet>; pods: SharedInformer<Pod>; nodes: SharedInformer<Node>; revisions: SharedInformer<ControllerRevision>;
}

class DaemonSetController extends Controller {
  constructor(o: ControllerOptions, private readonly d: ControllerDeps, private readonly i: Informers, private readonly owned: OwnedPods, private readonly pending: PendingPods) {
    super(o);
  }

  protected override async reconcile(key: string): Promise<void> {
    const cached = this.i.dss.get(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const ds = structuredClone(cached);
    const now = this.d.clock.now();
    const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
    const revs = this.i.revisions.list().filter((r) => r.metadata.namespace === ds.metadata.namespace && isControlledBy(r, ds));
    const { revision, collisionCount } = await currentRevision(this.d.client, ds, ref, revs, ds.status?.collisionCount ?? 0);
    const hash = revision.metadata.labels?.[REVISION_HASH_LABEL] ?? '';

    const pods = this.pending.view(key, this.owned.list(ds.metadata.uid, (k) => this.i.pods.get(k)));
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const n = targetNode(p) ?? '';
      byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const nodes: NodePods[] = this.i.nodes.list().map((n) => {
      const name = n.metadata.name ?? '';
      const r = { name, elig: nodeEligibility(n, ds.spec?.template?.spec), pods: byNode.get(name) ?? [] };
      byNode.delete(name);
      return r;
    });
    // what is left sits on nodes that no longer exist (or on none)
    const strays = [...byNode.values()].flat();

    const minReady = ds.spec?.minReadySeconds ?? 0;
    const strategy = ds.spec?.updateStrategy;
    const rolling = strategy?.type !== 'OnDelete';
    const desired = nodes.filter((n) => n.elig.shouldRun).length;
    const maxSurge = rolling ? scaled(strategy?.rollingUpdate?.maxSurge, desired) : 0;
    let maxUnavailable = rolling ? scaled(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired) : 0;
    if (rolling && !maxSurge && !maxUnavailable) maxUnavailable = 1;

    let plan = managePlan(nodes, strays, hash, maxSurge > 0, minReady, now);
    // one kind of step per pass: the writes wake the next pass with fresh data
    if (rolling && !plan.create.length && !plan.remove.length) plan = rollingUpdatePlan(nodes, hash, maxSurge, maxUnavailable, minReady, now);
    const errors: unknown[] = [];
    await this.remove(key, ds, plan.remove, errors);
    await this.create(key, ds, plan.create, hash, errors);

    const status = daemonSetStatus(ds, nodes, hash, collisionCount, now);
    if (canonicalJson(status) !== canonicalJson(cached.status ?? {})) {
      await writeDerivedStatus(this.d.client, { ...DAEMONSETS, namespace: ds.metadata.namespace }, { ...ds, status });
    }
    const liveHashes = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]));
    const live = new Set(revs.filter((r) => liveHashes.has(r.metadata.labels?.[REVISION_HASH_LABEL])).map((r) => r.metadata.name ?? ''));
    live.add(revision.metadata.name ?? '');
    await truncateHistory(this.d.client, revs, live, ds.spec?.revisionHistoryLimit ?? 10);
    if (errors.length) throw errors[0];
    const waits = pods.map((p) => untilAvailable(p, minReady, now)).filter((x): x is number => x !== undefined);
    if (waits.length) this.queue.addAfter(key, Math.min(...waits));
  }

  private async remove(key: string, ds: AppsDaemonSet, pods: Pod[], errors: unknown[]): Promise<void> {
    await Promise.all(pods.map(async (p) => {
      try {
        await this.d.client.delete({ ...PODS, namespace: p.metadata.namespace }, p.metadata.name!, { preconditions: { uid: p.metadata.uid } });
      } catch (e) {
        if (!isNotFound(e)) { errors.push(e); this.d.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`); return; }
      }
      this.pending.deleted(key, p);
      this.d.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    }));
  }

  /** Slow start (1, 2, 4, …) as upstream, so a rejected template fails once rather than per node. */
  private async create(key: string, ds: AppsDaemonSet, nodes: string[], hash: string, errors: unknown[]): Promise<void> {
    const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
    for (let i = 0, batch = 1; i < nodes.length && !errors.length; i += batch, batch *= 2) {
      await Promise.all(nodes.slice(i, i + batch).map(async (node) => {
        const pod = podFromTemplate(ds.spec?.template, ds, ref, { generateName: `${ds.metadata.name}-` });
        pod.metadata.labels = { ...pod.metadata.labels, [REVISION_HASH_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
        pinToNode(pod.spec, node);
        try {
          const made = await this.d.client.create<Pod>({ ...PODS, namespace: ds.metadata.namespace }, pod);
          this.pending.created(key, made);
          this.d.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
        } catch (e) {
          errors.push(e);
          this.d.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
        }
      }));
    }
  }
}

/** Only what decides eligibility; node status (heartbeats) is ignored. */
const nodeShape = (n: Node) => canonicalJson({ labels: n.metadata.labels, spec: n.spec });

export function createDaemonSetController(d: ControllerDeps, opts: DaemonSetControllerOptions = {}): RunnableController {
  const i: Informers = {
    dss: d.informers.forResource<AppsDaemonSet>(DAEMONSETS),
    pods: d.informers.forResource<Pod>(PODS),
    nodes: d.informers.forResource<Node>(NODES),
    revisions: d.informers.forResource<ControllerRevision>(CONTROLLER_REVISIONS),
  };
  const queue = createWorkQueue<string>({ clock: d.clock });
  const owned = createOwnedPods('DaemonSet');
  const pending = createPendingPods(() => d.clock.now());
  const all = () => { for (const ds of i.dss.list()) queue.add(objectKey(ds)); };
  i.dss.addHandler((e) => { if (e.type !== 'delete') queue.add(objectKey(e.obj)); });
  i.pods.addHandler((e) => {
    owned.observe(e);
    pending.observe(e);
    const ref = controllerOf(e.obj, 'DaemonSet');
    if (ref) queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  i.nodes.addHandler((e) => { if (e.type !== 'update' || nodeShape(e.obj) !== nodeShape(e.old)) all(); });
  i.revisions.addHandler((e) => {
    const ref = controllerOf(e.obj, 'DaemonSet');
    if (ref && e.type === 'delete') queue.add(`${e.obj.metadata.namespace}/${ref.name}`);
  });
  return new DaemonSetController({ name: 'daemonset', log: d.log, shared: [i.dss, i.pods, i.nodes, i.revisions], queue, workers: opts.workers ?? 2 }, d, i, owned, pending);
}
