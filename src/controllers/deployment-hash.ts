/**
 * Pod-template identity (upstream `controller.ComputeHash`, `EqualIgnoreHash`, `FindNewReplicaSet`).
 * The hash is FNV-32a over the template's canonical JSON (sorted keys; upstream hashes Go's spew
 * dump, which no other language can reproduce, so only its stability matters), plus the collision
 * count, rendered as decimal digits mapped onto upstream's `SafeEncodeString` alphabet.
 * Template equality ignores the hash label and treats empty and missing values alike, as
 * apimachinery's semantic DeepEqual does, since the API server's defaulting may add either.
 */
import { byCreation, HASH_LABEL } from './deployment-util.js';
import type { PodTemplateSpec, ReplicaSetObj } from './replicaset-types.js';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Recursively sorts keys and drops null, empty arrays and empty objects. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

const canonicalJson = (v: unknown): string => JSON.stringify(canonical(v) ?? {});

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

export const safeEncode = (s: string): string => [...s].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncode(String(h));
}

const withoutHash = (t: PodTemplateSpec | undefined): string => {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels[HASH_LABEL];
  return canonicalJson(c);
};

export const equalIgnoreHash = (a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean => withoutHash(a) === withoutHash(b);

/** The oldest set whose template is the Deployment's (several can match after a hash collision). */
export function findNewReplicaSet(template: PodTemplateSpec | undefined, rss: ReplicaSetObj[]): ReplicaSetObj | undefined {
  const want = withoutHash(template);
  return [...rss].sort(byCreation).find((rs) => withoutHash(rs.spec.template) === want);
}
