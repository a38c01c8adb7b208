/** JSON value predicates used by every patch flavour (patches operate on decoded JSON, never on typed objects). */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of decoded JSON; key order is irrelevant, as in JSON itself. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy, so a patch never aliases the caller's objects (callers may hold informer-cached values). */
export const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
