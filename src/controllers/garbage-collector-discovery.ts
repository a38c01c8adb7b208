/**
 * Which resource types the garbage collector watches, and how an ownerReference's
 * apiVersion/kind maps to a resource (upstream's `GetDeletableResources` + RESTMapper), from the
 * discovery documents (`/api/v1`, `/apis`, `/apis/<g>/<v>`), so CRDs join when re-discovered.
 * Watched: top-level types that can be listed, watched and deleted; subresources and virtual
 * create-only types (bindings, *reviews) are skipped, and so are Events (upstream ignores them:
 * they are many, short-lived and never owners). A type served in several versions is taken once,
 * from the group's preferred version; owners are resolved by group + kind, whatever the version.
 */
import type { KubeClient, ResourceRef } from '../client/index.js';

export interface GcType {
  ref: Omit<ResourceRef, 'namespace'>;
  kind: string;
  namespaced: boolean;
  /** `plural.group` (`plural` for the core group). */
  name: string;
}

export interface GcDiscovery {
  /** Types to watch. */
  types: GcType[];
  /** An owner's type from its ownerReference (undefined: not served, e.g. a CRD not yet established). */
  resolve(apiVersion: string, kind: string): GcType | undefined;
  /** `group/version: message` for each group version that could not be read. */
  failures: string[];
}

interface ApiResource { name: string; kind: string; namespaced: boolean; verbs?: string[] }
interface ApiGroupList { groups?: Array<{ name: string; preferredVersion?: { version: string }; versions?: Array<{ version: string }> }> }

const IGNORED = new Set(['events', 'events.events.k8s.io']);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export async function discoverGcTypes(client: Pick<KubeClient, 'raw'>, signal?: AbortSignal): Promise<GcDiscovery> {
  const gvs: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  const groups = (await client.raw('GET', '/apis', undefined, undefined, { signal })) as ApiGroupList;
  for (const g of groups.groups ?? []) {
    const versions = (g.versions ?? []).map((v) => v.version);
    const preferred = g.preferredVersion?.version;
    for (const v of preferred ? [preferred, ...versions.filter((x) => x !== preferred)] : versions) gvs.push({ group: g.name, version: v });
  }
  const docs = await Promise.allSettled(gvs.map((gv) =>
    client.raw('GET', gv.group ? `/apis/${gv.group}/${gv.version}` : '/api/v1', undefined, undefined, { signal }) as Promise<{ resources?: ApiResource[] }>));
  const byName = new Map<string, GcType>();
  const byKind = new Map<string, GcType>();
  const types: GcType[] = [];
  const failures: string[] = [];
  docs.forEach((d, i) => {
    const { group, version } = gvs[i]!;
    if (d.status === 'rejected') {
      failures.push(`${group ? `${group}/` : ''}${version}: ${(d.reason as Error)?.message ?? String(d.reason)}`);
      return;
    }
    for (const r of d.value.resources ?? []) {
      const name = group ? `${r.name}.${group}` : r.name;
      if (r.name.includes('/') || byName.has(name)) continue;
      const t: GcType = { ref: { group, version, plural: r.name }, kind: r.kind, namespaced: r.namespaced, name };
      byName.set(name, t);
      if (!byKind.has(`${group}/${r.kind}`)) byKind.set(`${group}/${r.kind}`, t);
      const verbs = new Set(r.verbs ?? []);
      if (!IGNORED.has(name) && verbs.has('list') && verbs.has('watch') && verbs.has('delete')) types.push(t);
    }
  });
  return { types, failures, resolve: (apiVersion, kind) => byKind.get(`${groupOf(apiVersion)}/${kind}`) };
}
