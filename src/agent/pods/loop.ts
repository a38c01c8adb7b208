/**
 * The agent's pod sync loop (the kubelet's `syncLoop`, issue 4 scope 5): desired state is an
 * informer over pods with `spec.nodeName=<node>`; actual state is the CRI. Keys of the work queue
 * are pod uids, so a pod deleted and recreated under the same name gets a fresh worker while the
 * old one is torn down. Triggers: informer events, PLEG changes (1 s relist), probe result flips,
 * the worker's own requeue delays, and a resync of every pod and orphan every 10 s. Workers start
 * only after the informer has synced, so a restarting agent never mistakes its running pods for
 * orphans. Resolves once the informer, workers, PLEG, probes and resync have all stopped.
 */
import { setMaxListeners } from 'node:events';
import type { KObject } from '../../api/types/index.js';
import type { Pod } from '../../api/registry/core-types.js';
import type { KubeClient } from '../../client/index.js';
import { Controller, createInformer, createWorkQueue, objectKey, type Informer, type WorkQueue } from '../../controllers/index.js';
import { createPodWorker, type PodWorker } from './pod-worker.js';
import { createPleg } from './pleg.js';
import { createProbeManager } from './probes.js';
import type { WorkerDeps } from './worker-deps.js';

export const RESYNC_MS = 10_000;

class PodSyncController extends Controller {
  constructor(o: ConstructorParameters<typeof Controller>[0], private readonly pods: PodWorker) { super(o); }
  protected override async reconcile(uid: string, signal: AbortSignal): Promise<void> {
    const after = await this.pods.sync(uid, signal);
    if (after !== undefined) this.queue.addAfter(uid, after);
  }
}

export type LoopDeps = Omit<WorkerDeps, 'pod' | 'probes'> & {
  client: WorkerDeps['client'] & Pick<KubeClient, 'list' | 'watch'>;
  nodeName: string;
  workers?: number;
};

export async function runPodSyncLoop(d: LoopDeps, signal: AbortSignal): Promise<void> {
  setMaxListeners(0, signal);
  const queue: WorkQueue<string> = createWorkQueue<string>({ clock: d.clock });
  const byUid = new Map<string, string>();
  const informer: Informer<Pod> = createInformer<Pod>({
    client: d.client, ref: { group: '', version: 'v1', plural: 'pods' }, fieldSelector: `spec.nodeName=${d.nodeName}`,
    log: d.log, clock: d.clock,
    onEvent: (e) => {
      const uid = e.obj.metadata.uid ?? '';
      if (e.type === 'delete') byUid.delete(uid);
      else byUid.set(uid, objectKey(e.obj));
      if (e.type === 'update' && e.old.metadata.uid !== uid) { byUid.delete(e.old.metadata.uid ?? ''); queue.add(e.old.metadata.uid ?? ''); }
      queue.add(uid);
    },
  });
  const podOf = (uid: string) => {
    const k = byUid.get(uid);
    const p = k ? informer.get(k) : undefined;
    return p?.metadata.uid === uid ? p : undefined;
  };
  const probes = createProbeManager({ cri: d.cri, clock: d.clock, log: d.log, recorder: d.recorder, onChange: (uid) => queue.add(uid) });
  const pleg = createPleg({ cri: d.cri, clock: d.clock, log: d.log, onChange: (uid) => queue.add(uid) });
  const worker = createPodWorker({ ...d, pod: podOf, probes });
  const controller = new PodSyncController({
    name: 'pod-sync', log: d.log, informers: [informer as unknown as Informer<KObject>], queue, workers: d.workers ?? 4,
  }, worker);

  async function resync(): Promise<void> {
    try { await informer.synced(signal); } catch { return; }
    while (!signal.aborted) {
      for (const uid of byUid.keys()) queue.add(uid);
      for (const uid of pleg.uids()) if (!byUid.has(uid)) queue.add(uid);
      await d.clock.sleep(RESYNC_MS, signal);
    }
  }

  await Promise.all([controller.run(signal), pleg.run(signal), probes.run(signal), resync()]);
}
