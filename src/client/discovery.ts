/**
 * Legacy discovery (`/api/v1`, `/apis`, `/apis/<g>/<v>`) flattened to one list of top-level resource
 * types, so controllers that act on "every type" (namespace deletion, garbage collection) see CRDs
 * too. Subresources are dropped; a type served in several versions appears once, from the group's
 * preferred version. Group versions that fail to load are reported, not thrown.
 */
import type { KubeClient } from './client.js';

export interface DiscoveredResource {
  group: string;
  version: string;
  /** Plural, the URL segment. */
  plural: string;
  kind: string;
  namespaced: boolean;
  verbs: Set<string>;
  /** `plural.group` (`plural` for the core group), as upstream names types in messages. */
  id: string;
}

interface ApiResource { name: string; kind: string; namespaced: boolean; verbs?: string[] }
interface ApiGroupList { groups?: Array<{ name: string; preferredVersion?: { version: string }; versions?: Array<{ version: string }> }> }

export async function discoverResources(client: Pick<KubeClient, 'raw'>, signal?: AbortSignal): Promise<{ resources: DiscoveredResource[]; failures: string[] }> {
  const gvs: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  const groups = (await client.raw('GET', '/apis', undefined, undefined, { signal })) as ApiGroupList;
  for (const g of groups.groups ?? []) {
    const versions = (g.versions ?? []).map((v) => v.version);
    const preferred = g.preferredVersion?.version;
    for (const v of preferred ? [preferred, ...versions.filter((x) => x !== preferred)] : versions) gvs.push({ group: g.name, version: v });
  }
  const docs = await Promise.allSettled(gvs.map((gv) =>
    client.raw('GET', gv.group ? `/apis/${gv.group}/${gv.version}` : '/api/v1', undefined, undefined, { signal }) as Promise<{ resources?: ApiResource[] }>));
  const resources: DiscoveredResource[] = [];
  const failures: string[] = [];
  const seen = new Set<string>();
  docs.forEach((d, i) => {
    const { group, version } = gvs[i]!;
    if (d.status === 'rejected') {
      failures.push(`${group ? `${group}/` : ''}${version}: ${(d.reason as Error)?.message ?? String(d.reason)}`);
      return;
    }
    for (const r of d.value.resources ?? []) {
      const id = group ? `${r.name}.${group}` : r.name;
      if (r.name.includes('/') || seen.has(id)) continue;
      seen.add(id);
      resources.push({ group, version, plural: r.name, kind: r.kind, namespaced: r.namespaced, verbs: new Set(r.verbs ?? []), id });
    }
  });
  return { resources, failures };
}
