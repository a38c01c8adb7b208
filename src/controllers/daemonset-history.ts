/**
 * ControllerRevisions for DaemonSets and StatefulSets (upstream `pkg/controller/history`): each
 * distinct pod template is stored once as `<owner>-<hash>` with a growing `revision` number; pods
 * carry the hash in the `controller-revision-hash` label so the controllers can tell old pods from
 * updated ones; history beyond `revisionHistoryLimit` that no live pod uses is deleted.
 * The hash is FNV-32a over the template's canonical JSON (plus the collision count), encoded with
 * upstream's vowel-free alphabet; it is not byte-identical to Go's (that hashes a spew dump).
 */
import type { PodTemplateSpec } from '../api/registry/core-types.js';
import type { KObject, OwnerReference } from '../api/types/index.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';

export const CONTROLLER_REVISIONS = { group: 'apps', version: 'v1', plural: 'controllerrevisions' } as const;
export const REVISION_HASH_LABEL = 'controller-revision-hash';

export interface ControllerRevision extends KObject { data?: { spec?: { template?: PodTemplateSpec } }; revision: number }

/** JSON with object keys sorted, so equal templates hash and compare equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** upstream `ComputeHash` + `SafeEncodeString` (values differ from Go's, the shape is the same). */
export function templateHash(t: PodTemplateSpec | undefined, collisionCount = 0): string {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(canonicalJson(t ?? {}) + (collisionCount ? `#${collisionCount}` : ''), 'utf8');
  for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  // SafeEncodeString maps each byte of the decimal digits, so hashes never spell words
  return [...String(h)].map((c) => ALPHABET[c.charCodeAt(0) % ALPHABET.length]).join('');
}

const dataOf = (t: PodTemplateSpec | undefined) => ({ spec: { template: { ...(t ?? {}), $patch: 'replace' } } });

/** The pod template a revision stores. */
export function revisionTemplate(r: ControllerRevision): PodTemplateSpec {
  const t = structuredClone(r.data?.spec?.template ?? {}) as PodTemplateSpec & { $patch?: string };
  delete t.$patch;
  return t;
}

interface HistoryOwner extends KObject { spec?: { template?: PodTemplateSpec } }

/**
 * Finds or records the revision of the owner's current template. An equal older revision is
 * re-numbered to the newest (a rollback), as upstream does. Returns the revision and the
 * collision count to store in status (bumped when another template already holds the name).
 */
export async function currentRevision(
  client: Pick<KubeClient, 'create' | 'update' | 'get'>, owner: HistoryOwner, ref: OwnerReference,
  owned: ControllerRevision[], collisionCount: number,
): Promise<{ revision: ControllerRevision; collisionCount: number }> {
  const template = owner.spec?.template;
  const data = dataOf(template);
  const want = canonicalJson(data);
  const max = owned.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const ns = owner.metadata.namespace;
  const api = { ...CONTROLLER_REVISIONS, namespace: ns };
  const equal = owned.filter((r) => canonicalJson(r.data) === want).sort((a, b) => b.revision - a.revision)[0];
  if (equal) {
    if (equal.revision === max) return { revision: equal, collisionCount };
    const bumped = { ...structuredClone(equal), revision: max + 1 };
    return { revision: await client.update(api, bumped), collisionCount };
  }
  for (let cc = collisionCount, tries = 0; tries < 10; tries++) {
    const hash = templateHash(template, cc);
    const rev: ControllerRevision = {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: { name: `${owner.metadata.name}-${hash}`, namespace: ns, labels: { ...(template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash }, ownerReferences: [ref] },
      data, revision: max + 1,
    };
    try {
      return { revision: await client.create(api, rev), collisionCount: cc };
    } catch (e) {
      if (!isConflict(e)) throw e; // 409 AlreadyExists
      // The name exists: ours with the same data (our cache was stale) or a hash collision.
      const existing = await client.get<ControllerRevision>(api, rev.metadata.name!).catch((err: unknown) => { if (isNotFound(err)) return undefined; throw err; });
      if (!existing) continue;
      if (canonicalJson(existing.data) === want && existing.metadata.ownerReferences?.some((r) => r.uid === ref.uid)) {
        return { revision: existing, collisionCount: cc };
      }
      cc++;
    }
  }
  throw new Error(`could not record a ControllerRevision for ${owner.metadata.name}`);
}

/** Deletes the oldest revisions beyond `limit` that no live pod or status field still names. */
export async function truncateHistory(
  client: Pick<KubeClient, 'delete'>, owned: ControllerRevision[], live: Set<string>, limit: number,
): Promise<string[]> {
  const old = owned.filter((r) => !live.has(r.metadata.name ?? '')).sort((a, b) => a.revision - b.revision);
  const doomed = old.slice(0, Math.max(0, old.length - limit));
  for (const r of doomed) {
    await client.delete({ ...CONTROLLER_REVISIONS, namespace: r.metadata.namespace }, r.metadata.name!, { preconditions: { uid: r.metadata.uid } })
      .catch((e: unknown) => { if (!isNotFound(e)) throw e; });
  }
  return doomed.map((r) => r.metadata.name!);
}
