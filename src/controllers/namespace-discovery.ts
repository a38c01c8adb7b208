/**
 * Which namespaced resource types can hold content, from the legacy discovery documents
 * (`/api/v1`, `/apis`, `/apis/<g>/<v>`) so CRDs are included. Subresources and virtual
 * create-only types (bindings, *reviews) are skipped: they cannot be listed or deleted. A type
 * served in several versions is taken once, from the group's preferred version.
 */
import { discoverResources, type KubeClient, type ResourceRef } from '../client/index.js';

export interface ContentType {
  ref: Omit<ResourceRef, 'namespace'>;
  /** `plural.group` (just `plural` for the core group), as upstream names it in conditions. */
  name: string;
  deleteCollection: boolean;
}

export interface Discovery {
  types: ContentType[];
  /** `group/version: message` for each group version that could not be read. */
  failures: string[];
}

export async function discoverContentTypes(client: Pick<KubeClient, 'raw'>, signal?: AbortSignal): Promise<Discovery> {
  const { resources, failures } = await discoverResources(client, signal);
  const types = resources
    .filter((r) => r.namespaced && r.verbs.has('list') && (r.verbs.has('delete') || r.verbs.has('deletecollection')))
    .map((r) => ({ ref: { group: r.group, version: r.version, plural: r.plural }, name: r.id, deleteCollection: r.verbs.has('deletecollection') }));
  return { types, failures };
}
