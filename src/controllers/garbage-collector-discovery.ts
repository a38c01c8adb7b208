/**
 * Which resource types the garbage collector watches, and how an ownerReference's
 * apiVersion/kind maps to a resource (upstream's `GetDeletableResources` + RESTMapper), from the
 * discovery documents (`/api/v1`, `/apis`, `/apis/<g>/<v>`), so CRDs join when re-discovered.
 * Watched: top-level types that can be listed, watched and deleted; subresources and virtual
 * create-only types (bindings, *reviews) are skipped, and so are Events (upstream ignores them:
 * they are many, short-lived and never owners). A type served in several versions is taken once,
 * from the group's preferred version; owners are resolved by group + kind, whatever the version.
 */
import { discoverResources, type KubeClient, type ResourceRef } from '../client/index.js';

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

const IGNORED = new Set(['events', 'events.events.k8s.io']);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export async function discoverGcTypes(client: Pick<KubeClient, 'raw'>, signal?: AbortSignal): Promise<GcDiscovery> {
  const { resources, failures } = await discoverResources(client, signal);
  const byKind = new Map<string, GcType>();
  const types: GcType[] = [];
  for (const r of resources) {
    const t: GcType = { ref: { group: r.group, version: r.version, plural: r.plural }, kind: r.kind, namespaced: r.namespaced, name: r.id };
    if (!byKind.has(`${r.group}/${r.kind}`)) byKind.set(`${r.group}/${r.kind}`, t);
    if (!IGNORED.has(r.id) && r.verbs.has('list') && r.verbs.has('watch') && r.verbs.has('delete')) types.push(t);
  }
  return { types, failures, resolve: (apiVersion, kind) => byKind.get(`${groupOf(apiVersion)}/${kind}`) };
}
