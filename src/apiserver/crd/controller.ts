/**
 * The CRD controller: lists CustomResourceDefinitions, serves each one's versions from the registry,
 * writes its status, then follows a watch. Any failure (410 Expired included) ends the watch and
 * relists after a capped back-off; a relist reconciles everything again, which is safe because
 * every step is idempotent and status is written only when it changes.
 *
 * Deletion uses upstream's finalizer: it is added once a CRD is served, so a delete leaves the CRD
 * Terminating until the controller has stopped serving it and removed its custom objects.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from '../../api/registry/registry.js';
import type { ObjectStore } from '../rest/objects.js';
import { reconcileCrd, finalizeCrd, forgetCrd, type Known, type ReconcileDeps } from './reconcile.js';
import type { Crd } from './types.js';

export interface CrdControllerDeps {
  objects: ObjectStore;
  registry: Registry;
  log: Logger;
  now: () => Date;
  signal: AbortSignal;
  /** Relist back-off, doubling from initialMs up to maxMs (defaults 250 ms … 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface CrdController {
  /**
   * Resolves once the CRDs that existed at start have been reconciled (served or marked not
   * established), so the API server can report ready; also resolves if stopped before that.
   */
  synced: Promise<void>;
  /** Resolves when the controller has stopped (after the signal aborts). Never rejects. */
  done: Promise<void>;
}

const CRD_GVR = ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions'] as const;

export function startCrdController(d: CrdControllerDeps): CrdController {
  const crdDef = d.registry.lookup(...CRD_GVR);
  if (!crdDef) throw new Error('the registry does not serve apiextensions.k8s.io/v1 customresourcedefinitions');
  let markSynced!: () => void;
  const synced = new Promise<void>((r) => { markSynced = r; });
  if (d.signal.aborted) markSynced();
  else d.signal.addEventListener('abort', () => markSynced(), { once: true });
  const rd: ReconcileDeps = { objects: d.objects, registry: d.registry, now: d.now, crdDef, known: new Map<string, Known>(), rejected: new Map<string, Crd>() };
  const done = run(d, rd, markSynced).catch((e: unknown) => { d.log.error({ err: e }, 'crd controller stopped unexpectedly'); });
  return { synced, done };
}

async function run(d: CrdControllerDeps, rd: ReconcileDeps, markSynced: () => void): Promise<void> {
  const initial = d.backoff?.initialMs ?? 250;
  const max = d.backoff?.maxMs ?? 30_000;
  let wait = 0;
  while (!d.signal.aborted) {
    try {
      const list = await d.objects.list(rd.crdDef, undefined);
      const failed = await resync(d, rd, list.items as Crd[]);
      markSynced();
      if (failed) throw new Error(`${failed} CustomResourceDefinition(s) could not be reconciled`);
      wait = 0;
      const from = Number(list.metadata.resourceVersion);
      for await (const batch of d.objects.watch(rd.crdDef, undefined, from, undefined, d.signal)) {
        for (const ev of batch) {
          const crd = ev.object as Crd;
          if (ev.type === 'DELETED') await forgetCrd(rd, crd);
          else await reconcileOne(rd, crd);
          if (ev.type === 'DELETED' || crd.metadata.deletionTimestamp) await retryRejected(rd, crd.spec.group);
        }
      }
    } catch (e) {
      if (d.signal.aborted) break;
      if ((e as { status?: { code?: number } }).status?.code !== 410) d.log.warn({ err: e }, 'crd controller: relisting after an error');
      wait = Math.min(max, wait ? wait * 2 : initial);
      await sleep(wait, undefined, { signal: d.signal }).catch(() => undefined);
    }
  }
}

/** Reconciles every listed CRD, oldest accepted first so earlier claims on a name keep it. */
async function resync(d: CrdControllerDeps, rd: ReconcileDeps, items: Crd[]): Promise<number> {
  const listed = new Set(items.map((c) => c.metadata.name ?? ''));
  for (const [name, k] of rd.known) if (!listed.has(name)) await forgetCrd(rd, k.crd);
  let failed = 0;
  for (const crd of [...items].sort(claimOrder)) {
    if (d.signal.aborted) break;
    try { await reconcileOne(rd, crd); } catch (e) {
      failed++;
      d.log.warn({ err: e, crd: crd.metadata.name }, 'crd controller: reconcile failed');
    }
  }
  return failed;
}

/** Names freed by a CRD that went away may now be accepted for one that conflicted with it. */
async function retryRejected(rd: ReconcileDeps, group: string): Promise<void> {
  for (const crd of [...rd.rejected.values()].filter((c) => c.spec.group === group).sort(claimOrder)) await reconcileOne(rd, crd);
}

function reconcileOne(rd: ReconcileDeps, crd: Crd): Promise<void> {
  return crd.metadata.deletionTimestamp ? finalizeCrd(rd, crd) : reconcileCrd(rd, crd);
}

const accepted = (c: Crd) => (c.status?.conditions ?? []).some((x) => x.type === 'NamesAccepted' && x.status === 'True');
function claimOrder(a: Crd, b: Crd): number {
  return Number(accepted(b)) - Number(accepted(a))
    || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')
    || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
