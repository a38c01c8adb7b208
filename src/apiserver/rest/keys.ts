/** Storage keys: `/registry/<group|core>/<plural>/[<namespace>/]<name>` (version-independent). */
import type { AnyResourceDef } from '../../api/registry/types.js';

export function resourcePrefix(def: AnyResourceDef): string {
  return `/registry/${def.group || 'core'}/${def.plural}/`;
}

/** Prefix for a list: one namespace, or all namespaces when ns is undefined. */
export function listPrefix(def: AnyResourceDef, ns?: string): string {
  return def.namespaced && ns ? `${resourcePrefix(def)}${ns}/` : resourcePrefix(def);
}

export function objectKey(def: AnyResourceDef, ns: string | undefined, name: string): string {
  return def.namespaced ? `${resourcePrefix(def)}${ns}/${name}` : `${resourcePrefix(def)}${name}`;
}
