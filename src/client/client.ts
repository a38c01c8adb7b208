/**
 * A small typed Kubernetes REST client: the verbs controllers need, JSON in and out. Every call
 * takes an optional AbortSignal; failures are `ApiError`s carrying the server's Status.
 */
import type { KList, KObject, Status, WatchEvent } from '../api/types/index.js';
import { resourcePath, withQuery, type ResourceRef } from './paths.js';
import type { CallOptions, DeleteOptions, ListOptions, PatchOptions, WatchOptions, WriteOptions } from './options.js';
import { createTransport, type TransportOptions } from './transport.js';
import { watchEvents } from './watch.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface KubeClient {
  get<T extends KObject = KObject>(ref: ResourceRef, name: string, o?: CallOptions): Promise<T>;
  list<T extends KObject = KObject>(ref: ResourceRef, o?: ListOptions): Promise<KList<T>>;
  create<T extends KObject = KObject>(ref: ResourceRef, obj: T, o?: WriteOptions): Promise<T>;
  /** PUT of `obj` under its own metadata.name; metadata.resourceVersion makes it compare-and-swap. */
  update<T extends KObject = KObject>(ref: ResourceRef, obj: T, o?: WriteOptions): Promise<T>;
  updateStatus<T extends KObject = KObject>(ref: ResourceRef, obj: T, o?: WriteOptions): Promise<T>;
  patch<T extends KObject = KObject>(ref: ResourceRef, name: string, type: PatchType, patch: unknown, o?: PatchOptions): Promise<T>;
  /** Resolves with what the server answered: the object (still being finalized) or a Success Status. */
  delete(ref: ResourceRef, name: string, o?: DeleteOptions): Promise<KObject | Status>;
  watch<T extends KObject = KObject>(ref: ResourceRef, o: WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<T>>;
  /** Any path (discovery, subresources): JSON responses are parsed, others returned as text. */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>, o?: CallOptions): Promise<unknown>;
  /** Closes idle keep-alive sockets; in-flight calls are not affected. */
  close(): void;
}

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml', // JSON is YAML, so the body stays JSON
};

const nameOf = (obj: KObject) => obj.metadata?.name ?? '';
const dry = (o?: WriteOptions) => (o?.dryRun ? 'All' : undefined);

export function createKubeClient(o: TransportOptions): KubeClient {
  const t = createTransport(o);
  const call = async <R>(method: string, path: string, body: unknown, co?: CallOptions, headers?: Record<string, string>): Promise<R> => {
    const res = await t.send(method, path, { body: body === undefined ? undefined : JSON.stringify(body), headers, signal: co?.signal });
    return (/json/.test(res.contentType) ? JSON.parse(res.body) : res.body) as R;
  };

  return {
    get: (ref, name, co) => call(`GET`, resourcePath(ref, name), undefined, co),
    list: (ref, lo = {}) => call('GET', withQuery(resourcePath(ref), {
      labelSelector: lo.labelSelector, fieldSelector: lo.fieldSelector, limit: lo.limit, continue: lo.continue,
      resourceVersion: lo.resourceVersion, resourceVersionMatch: lo.resourceVersionMatch,
    }), undefined, lo),
    create: (ref, obj, wo) => call('POST', withQuery(resourcePath(ref), { fieldManager: wo?.fieldManager, dryRun: dry(wo) }), obj, wo),
    update: (ref, obj, wo) => call('PUT', withQuery(resourcePath(ref, nameOf(obj)), { fieldManager: wo?.fieldManager, dryRun: dry(wo) }), obj, wo),
    updateStatus: (ref, obj, wo) => call('PUT', withQuery(resourcePath(ref, nameOf(obj), 'status'), { fieldManager: wo?.fieldManager, dryRun: dry(wo) }), obj, wo),
    patch: async (ref, name, type, body, po) => {
      if (type === 'apply' && !po?.fieldManager) throw new Error('apply patches need a fieldManager');
      const q = { fieldManager: po?.fieldManager, dryRun: dry(po), force: type === 'apply' && po?.force ? true : undefined };
      return call('PATCH', withQuery(resourcePath(ref, name), q), body, po, { 'content-type': PATCH_TYPES[type] });
    },
    delete: (ref, name, d = {}) => {
      const { signal, ...opts } = d;
      return call('DELETE', resourcePath(ref, name), { kind: 'DeleteOptions', apiVersion: 'v1', ...opts }, { signal });
    },
    async *watch(ref, wo, signal) {
      const path = withQuery(resourcePath(ref), { watch: true, ...wo });
      let res;
      try { res = await t.open('GET', path, { signal, stream: true }); } catch (e) { if (signal?.aborted) return; throw e; }
      yield* watchEvents(res, signal);
    },
    raw: (method, path, body, headers, co) => call(method, path, body, co, headers),
    close: () => t.close(),
  } satisfies KubeClient as KubeClient;
}
