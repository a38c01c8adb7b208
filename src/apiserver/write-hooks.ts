/**
 * Resource-specific work the API server does around storing an object, for state that lives in the
 * API server itself (kube-apiserver's Service REST allocating cluster IPs and node ports). The
 * generic handlers call a resource's hook on every create/update/delete of the main resource:
 * `admit` may fill allocated fields and hold resources; the handler then `commit`s after the write
 * succeeded or `revert`s when it failed, was retried or was a dryRun, so nothing leaks.
 */
import type { AnyResourceDef } from '../api/registry/types.js';
import type { KObject } from '../api/types/index.js';

export interface HeldAllocation {
  /** The write is stored: release what the old object held and the new one no longer does. */
  commit(): void;
  /** The write did not happen: give back what `admit` took. */
  revert(): void;
}

export interface ResourceWriteHook {
  /** After defaulting and validation, before storage; mutates `obj`; throws a Status error to refuse. */
  admit(obj: KObject, old: KObject | undefined): HeldAllocation;
  /** The object has been removed from the store. */
  deleted(obj: KObject): void;
}

/** Hooks by `plural` (core group) or `plural.group`. */
export type WriteHooks = Readonly<Record<string, ResourceWriteHook>>;

export const NO_HOLD: HeldAllocation = { commit: () => undefined, revert: () => undefined };

export function hookFor(hooks: WriteHooks | undefined, def: AnyResourceDef): ResourceWriteHook | undefined {
  return hooks?.[def.group ? `${def.plural}.${def.group}` : def.plural];
}
