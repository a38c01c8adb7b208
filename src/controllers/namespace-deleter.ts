/**
 * One pass of namespace deletion (upstream `namespacedResourcesDeleter`), for a namespace that
 * has a deletionTimestamp and still carries the `kubernetes` finalizer:
 *   mark Terminating → discover namespaced types → delete their content → record conditions →
 *   when nothing is left, drop `kubernetes` from spec.finalizers via `/finalize`, after which the
 *   API server removes the namespace (once no other finalizer remains).
 * It re-reads the namespace first, so it is safe to run any number of times.
 */
import { setMaxListeners } from 'node:events';
import type { KObject } from '../api/types/index.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import type { Clock } from './clock.js';
import { deletionConditions, type NamespaceCondition } from './namespace-conditions.js';
import { deleteNamespaceContent } from './namespace-content.js';
import { discoverContentTypes } from './namespace-discovery.js';

export const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces' };
const FINALIZER = 'kubernetes';

interface Namespace extends KObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

export interface NamespaceDeleterDeps {
  client: Pick<KubeClient, 'get' | 'list' | 'delete' | 'updateStatus' | 'raw'>;
  clock: Pick<Clock, 'now'>;
  /** How soon to look again while content remains (objects held by finalizers or grace periods). */
  recheckMs: number;
}

/** Returns ms after which to check again, or undefined when there is nothing more to do. */
export type NamespaceSync = (name: string, signal?: AbortSignal) => Promise<number | undefined>;

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function createNamespaceDeleter(d: NamespaceDeleterDeps): NamespaceSync {
  const { client } = d;
  const writeStatus = (ns: Namespace, status: NonNullable<Namespace['status']>, signal?: AbortSignal) =>
    client.updateStatus<Namespace>(NAMESPACES, { ...ns, status }, { signal });

  return async (name, signal) => {
    // a pass fans out one request per group version and per type; they listen on a private
    // signal linked to the caller's, so the fan-out does not trip Node's listener-leak warning
    const pass = new AbortController();
    setMaxListeners(0, pass.signal);
    const relay = () => pass.abort(signal?.reason);
    if (signal?.aborted) relay();
    signal?.addEventListener('abort', relay, { once: true });
    try { return await syncOnce(name, pass.signal); } finally { signal?.removeEventListener('abort', relay); }
  };

  async function syncOnce(name: string, signal: AbortSignal): Promise<number | undefined> {
    let ns: Namespace;
    try { ns = await client.get<Namespace>(NAMESPACES, name, { signal }); } catch (e) { if (isNotFound(e)) return undefined; throw e; }
    if (!ns.metadata.deletionTimestamp || !ns.spec?.finalizers?.includes(FINALIZER)) return undefined;
    if (ns.status?.phase !== 'Terminating') ns = await writeStatus(ns, { ...ns.status, phase: 'Terminating' }, signal);

    const discovery = await discoverContentTypes(client, signal);
    const content = await deleteNamespaceContent(client, name, discovery.types, signal);
    const conditions = deletionConditions(ns.status?.conditions, { discoveryFailures: discovery.failures, content }, rfc3339(d.clock.now()));
    if (JSON.stringify(conditions) !== JSON.stringify(ns.status?.conditions ?? [])) {
      ns = await writeStatus(ns, { ...ns.status, phase: 'Terminating', conditions }, signal);
    }

    const failures = [...discovery.failures, ...content.failures];
    // a type we could not read may still hold content: never finalize past it; back off instead
    if (failures.length) throw new Error(`namespace ${name}: deletion incomplete: ${failures.join('; ')}`);
    if (content.remaining.size) return d.recheckMs;

    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER);
    await client.raw('PUT', `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`, { ...ns, spec: { ...ns.spec, finalizers } }, undefined, { signal })
      .catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    return undefined;
  }
}
