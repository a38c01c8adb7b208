/**
 * One CRD's reconciliation: serve its versions (or stop), write its status when it changed, and on
 * deletion remove its custom objects before releasing the cleanup finalizer.
 */
import { isDeepStrictEqual } from 'node:util';
import { isStatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import type { AnyResourceDef } from '../../api/registry/types.js';
import type { KObject } from '../../api/types/index.js';
import type { ObjectStore } from '../rest/objects.js';
import { buildCrdServing, defaultedNames, storageDef } from './defs.js';
import { checkNames, nextStatus, terminatingStatus, type Verdict } from './status.js';
import type { Crd } from './types.js';

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** What the controller last served for a CRD; `fingerprint` avoids re-registering unchanged specs. */
export interface Known { fingerprint: string; crd: Crd; verdict: Verdict }

export interface ReconcileDeps {
  objects: ObjectStore;
  registry: Registry;
  now: () => Date;
  crdDef: AnyResourceDef;
  /** Owned by one controller instance (no module state), keyed by CRD name. */
  known: Map<string, Known>;
  /** CRDs whose names conflicted: retried when another CRD of their group goes away. */
  rejected: Map<string, Crd>;
}

const OK: Verdict = { ok: true, reason: '', message: '' };
const hasFinalizer = (o: KObject) => (o.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER);

export async function reconcileCrd(rd: ReconcileDeps, crd: Crd): Promise<void> {
  const names = checkNames(crd, rd.registry.all());
  if (names.ok) rd.rejected.delete(crd.metadata.name ?? '');
  else rd.rejected.set(crd.metadata.name ?? '', crd);
  const serving = names.ok ? serve(rd, crd) : OK;
  const needFinalizer = names.ok && serving.ok && !hasFinalizer(crd);
  if (!needFinalizer && isDeepStrictEqual(nextStatus(crd, names, serving, rd.now()), crd.status)) return;
  await updateCrd(rd, crd, (c) => {
    c.status = nextStatus(c, names, serving, rd.now());
    if (needFinalizer && !hasFinalizer(c) && !c.metadata.deletionTimestamp) c.metadata.finalizers = [...(c.metadata.finalizers ?? []), CLEANUP_FINALIZER];
  });
}

/** Registers the served versions unless this exact spec is already served. */
function serve(rd: ReconcileDeps, crd: Crd): Verdict {
  const name = crd.metadata.name ?? '';
  const names = defaultedNames(crd.spec.names);
  const fingerprint = JSON.stringify([crd.spec.group, crd.spec.scope, crd.spec.versions, names]);
  const prev = rd.known.get(name);
  if (prev?.fingerprint === fingerprint) { prev.crd = crd; return prev.verdict; }
  let verdict = OK;
  try {
    const s = buildCrdServing(crd, names);
    rd.registry.setOwned(name, s.defs, s.schemas);
  } catch (e) {
    rd.registry.removeOwned(name);
    verdict = { ok: false, reason: 'InvalidSchema', message: `the schema could not be compiled: ${(e as Error).message}` };
  }
  rd.known.set(name, { fingerprint, crd, verdict });
  return verdict;
}

/** A CRD marked for deletion: stop serving, mark Terminating, delete its objects, release it. */
export async function finalizeCrd(rd: ReconcileDeps, crd: Crd): Promise<void> {
  const name = crd.metadata.name ?? '';
  release(rd, name);
  if (!hasFinalizer(crd)) return; // other finalizers: the object goes once their owners are done
  const terminating = (crd.status?.conditions ?? []).some((c) => c.type === 'Terminating' && c.status === 'True');
  if (!terminating) await updateCrd(rd, crd, (c) => { c.status = terminatingStatus(c, rd.now()); });
  await deleteCustomObjects(rd, crd);
  const released = await updateCrd(rd, crd, (c) => {
    c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    if (c.metadata.finalizers.length === 0) delete c.metadata.finalizers;
  });
  // The delete handler removes a finalized object on its own writes only; this write is ours.
  if (released?.metadata.deletionTimestamp && !released.metadata.finalizers?.length) await rd.objects.delete(rd.crdDef, released);
}

/** A CRD that is gone (deleted without our finalizer, or while we were not watching). */
export async function forgetCrd(rd: ReconcileDeps, crd: Crd): Promise<void> {
  release(rd, crd.metadata.name ?? '');
  await deleteCustomObjects(rd, crd);
}

function release(rd: ReconcileDeps, name: string): void {
  rd.registry.removeOwned(name);
  rd.known.delete(name);
  rd.rejected.delete(name);
}

async function deleteCustomObjects(rd: ReconcileDeps, crd: Crd): Promise<void> {
  const def = storageDef(crd);
  // A CRD that lost a names conflict shares its keys with the winner; those objects are not its own.
  const owners = rd.registry.byGroupResource(def.group, def.plural).map((d) => (d as { owner?: string }).owner);
  if (owners.some((o) => o !== crd.metadata.name)) return;
  for (let round = 0; round < 10; round++) {
    const { items } = await rd.objects.list(def, undefined);
    if (items.length === 0) return;
    for (const o of items) await rd.objects.delete(def, o);
  }
  throw new Error(`custom objects of ${crd.metadata.name} kept changing while being deleted`);
}

/** Status/metadata write on the stored CRD, skipped if it was replaced (new uid) or is gone. */
async function updateCrd(rd: ReconcileDeps, crd: Crd, change: (c: Crd) => void): Promise<Crd | undefined> {
  try {
    const { object } = await rd.objects.update(rd.crdDef, undefined, crd.metadata.name ?? '', (cur) => {
      if (cur.metadata.uid !== crd.metadata.uid) return cur;
      change(cur as Crd);
      return cur;
    });
    return object as Crd;
  } catch (e) {
    if (isStatusError(e) && e.status.code === 404) return undefined;
    throw e;
  }
}
