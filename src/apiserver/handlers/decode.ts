/** Turning a request body into a typed object for a resource, with the checks kube-apiserver's decoder makes. */
import { badRequest } from '../../api/errors.js';
import type { KObject } from '../../api/types/index.js';
import { decodeObjectBody, mediaType, readBody } from '../body.js';
import type { RequestCtx } from '../context.js';
import { apiVersionOf } from '../context.js';

/** Checks apiVersion/kind against the expected ones (missing = defaulted) and that metadata is an object. */
export function asObject(raw: Record<string, unknown>, expect: { apiVersion: string; kind: string }): KObject {
  if (raw.apiVersion !== undefined && raw.apiVersion !== expect.apiVersion) {
    throw badRequest(`the API version in the data (${String(raw.apiVersion)}) does not match the expected API version (${expect.apiVersion})`);
  }
  if (raw.kind !== undefined && raw.kind !== expect.kind) {
    throw badRequest(`the kind in the data (${String(raw.kind)}) does not match the expected kind (${expect.kind})`);
  }
  if (raw.metadata === undefined || raw.metadata === null) raw.metadata = {};
  if (typeof raw.metadata !== 'object' || Array.isArray(raw.metadata)) {
    throw badRequest('metadata: Invalid value: must be an object');
  }
  const meta = raw.metadata as Record<string, unknown>;
  if (meta.creationTimestamp === null) delete meta.creationTimestamp;
  for (const k of ['labels', 'annotations'] as const) {
    const m = meta[k];
    if (m !== undefined && m !== null && (typeof m !== 'object' || Array.isArray(m))) {
      throw badRequest(`metadata.${k}: Invalid value: must be a map of strings`);
    }
    if (m === null) delete meta[k];
  }
  return { ...raw, apiVersion: expect.apiVersion, kind: expect.kind } as KObject;
}

export async function readObject(ctx: RequestCtx, expect = { apiVersion: apiVersionOf(ctx.def), kind: ctx.def.kind }): Promise<KObject> {
  const buf = await readBody(ctx.req);
  return asObject(decodeObjectBody(buf, mediaType(ctx.req)), expect);
}

/** Namespace in the body must agree with the URL; cluster-scoped objects lose any namespace. */
export function reconcileNamespace(ctx: RequestCtx, obj: KObject): void {
  if (!ctx.def.namespaced) { delete obj.metadata.namespace; return; }
  const urlNs = ctx.info.namespace;
  if (!urlNs) throw badRequest('the namespace of the object must be set in the request URL');
  if (obj.metadata.namespace && obj.metadata.namespace !== urlNs) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = urlNs;
}
