/**
 * CRD status as upstream's naming and establishing controllers write it: whether the requested
 * names conflict with resources already served in the group, the NamesAccepted / Established /
 * Terminating conditions, acceptedNames and storedVersions. Pure functions; the controller writes.
 */
import { nowRfc3339 } from '../../api/meta.js';
import type { AnyResourceDef } from '../../api/registry/types.js';
import { defaultedNames } from './defs.js';
import type { Crd, CrdCondition, CrdNames, CrdStatus } from './types.js';

export interface Verdict { ok: boolean; reason: string; message: string }

/**
 * Checks the CRD's names against what the group already serves (built-ins and other CRDs), as the
 * naming controller does. `served` is the registry's entries; the CRD's own entries are skipped.
 */
export function checkNames(crd: Crd, served: AnyResourceDef[]): Verdict {
  const name = crd.metadata.name ?? '';
  const n = defaultedNames(crd.spec.names);
  const others = served.filter((d) => d.group === crd.spec.group && (d as { owner?: string }).owner !== name);
  const inUse = (reason: string, value: string): Verdict => ({ ok: false, reason, message: `"${value}" is already in use` });
  for (const d of others) {
    if (d.plural === n.plural) return inUse('PluralConflict', d.plural);
    if (n.singular && (d.singular === n.singular || d.plural === n.singular)) return inUse('SingularConflict', n.singular);
    const taken = new Set([d.plural, d.singular, ...(d.shortNames ?? [])]);
    const short = (n.shortNames ?? []).find((s) => taken.has(s));
    if (short) return inUse('ShortNamesConflict', short);
    if (d.kind === n.kind) return inUse('KindConflict', d.kind);
    if (n.listKind && (d.listKind ?? `${d.kind}List`) === n.listKind) return inUse('ListKindConflict', n.listKind);
  }
  return { ok: true, reason: 'NoConflicts', message: 'no conflicts found' };
}

/**
 * The status to store. `names` is the naming verdict; `serving` says whether the entries could be
 * built (a schema that does not compile keeps the CRD from being established).
 */
export function nextStatus(crd: Crd, names: Verdict, serving: Verdict, now: Date): CrdStatus {
  const old = crd.status ?? {};
  let conditions = old.conditions ?? [];
  conditions = setCondition(conditions, {
    type: 'NamesAccepted', status: names.ok ? 'True' : 'False', reason: names.reason, message: names.message,
  }, now);
  const established = names.ok && serving.ok;
  conditions = setCondition(conditions, established
    ? { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }
    : names.ok
      ? { type: 'Established', status: 'False', reason: serving.reason, message: serving.message }
      : { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }, now);
  const status: CrdStatus = { ...old, conditions };
  const accepted: CrdNames | undefined = names.ok ? defaultedNames(crd.spec.names) : old.acceptedNames;
  if (accepted) status.acceptedNames = accepted;
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const stored = old.storedVersions ?? [];
  status.storedVersions = storage && !stored.includes(storage) ? [...stored, storage] : stored;
  return status;
}

export function terminatingStatus(crd: Crd, now: Date): CrdStatus {
  const old = crd.status ?? {};
  return {
    ...old,
    conditions: setCondition(old.conditions ?? [], {
      type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress',
    }, now),
  };
}

/** Replaces the condition of the same type; lastTransitionTime moves only when the status does. */
function setCondition(conds: CrdCondition[], c: Omit<CrdCondition, 'lastTransitionTime'>, now: Date): CrdCondition[] {
  const prev = conds.find((x) => x.type === c.type);
  const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowRfc3339(now);
  const next: CrdCondition = { type: c.type, status: c.status, lastTransitionTime, reason: c.reason, message: c.message };
  return prev ? conds.map((x) => (x === prev ? next : x)) : [...conds, next];
}
