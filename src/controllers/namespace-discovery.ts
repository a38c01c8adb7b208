/**
 * Which namespaced resource types can hold content, from the legacy discovery documents
 * (`/api/v1`, `/apis`, `/apis/<g>/<v>`) so CRDs are included. Subresources and virtual
 * create-only types (bindings, *reviews) are skipped: they cannot be listed or deleted. A type
 * served in several versions is taken once, from the group's preferred version.
 */
import type { KubeClient, ResourceRef } from '../client/index.js';

export interface ContentType {
  ref: Omit<ResourceRef, 'namespace'>;
  /** `plural.group` (just `plural` for the core group), as upstream names it in conditions. */
  name: string;
  deleteCollection: boolean;
}

interface ApiResource { name: string; namespaced: boolean; verbs?: string[] }
interface ApiResourceList { resources?: ApiResource[] }
interface ApiGroupList { groups?: Array<{ name: string; preferredVersion?: { version: string }; versions?: Array<{ version: string }> }> }

export interface Discovery {
  types: ContentType[];
  /** `group/version: message` for each group version that could not be read. */
  failures: string[];
}

export async function discoverContentTypes(client: Pick<KubeClient, 'raw'>, signal?: AbortSignal): Promise<Discovery> {
  const gvs: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  const groups = (await client.raw('GET', '/apis', undefined, undefined, { signal })) as ApiGroupList;
  for (const g of groups.groups ?? []) {
    const versions = (g.versions ?? []).map((v) => v.version);
    const preferred = g.preferredVersion?.version;
    for (const v of preferred ? [preferred, ...versions.filter((x) => x !== preferred)] : versions) gvs.push({ group: g.name, version: v });
  }
  const docs = await Promise.allSettled(gvs.map((gv) =>
    client.raw('GET', gv.group ? `/apis/${gv.group}/${gv.version}` : '/api/v1', undefined, undefined, { signal }) as Promise<ApiResourceList>));
  const seen = new Set<string>();
  const out: Discovery = { types: [], failures: [] };
  docs.forEach((d, i) => {
    const { group, version } = gvs[i]!;
    if (d.status === 'rejected') {
      out.failures.push(`${group ? `${group}/` : ''}${version}: ${(d.reason as Error)?.message ?? String(d.reason)}`);
      return;
    }
    for (const r of d.value.resources ?? []) {
      const verbs = new Set(r.verbs ?? []);
      if (!r.namespaced || r.name.includes('/') || !verbs.has('list') || !(verbs.has('delete') || verbs.has('deletecollection'))) continue;
      const name = group ? `${r.name}.${group}` : r.name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.types.push({ ref: { group, version, plural: r.name }, name, deleteCollection: verbs.has('deletecollection') });
    }
  });
  return out;
}
