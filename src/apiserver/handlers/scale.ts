/** The `scale` subresource (autoscaling/v1 Scale), read and written through the def's replica paths. */
import { badRequest } from '../../api/errors.js';
import type { AnyResourceDef } from '../../api/registry/types.js';
import { selectorToString } from '../../api/selectors/index.js';
import type { KObject } from '../../api/types/index.js';

function getPath(o: unknown, path: string): unknown {
  let cur = o;
  for (const k of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1] as string] = v;
}

export function readScale(def: AnyResourceDef, obj: KObject): KObject {
  const s = def.subresources?.scale;
  if (!s) throw badRequest(`${def.plural} has no scale subresource`);
  let selector = s.labelSelectorPath ? getPath(obj, s.labelSelectorPath) : undefined;
  if (typeof selector !== 'string') {
    const spec = obj.spec as { selector?: Parameters<typeof selectorToString>[0] } | undefined;
    selector = spec?.selector ? selectorToString(spec.selector) : '';
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, s.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, s.statusReplicasPath) ?? 0), selector },
  };
}

/** Applies a Scale's spec.replicas to the object (which the caller then stores as an update). */
export function applyScale(def: AnyResourceDef, obj: KObject, scale: KObject): KObject {
  const s = def.subresources?.scale;
  if (!s) throw badRequest(`${def.plural} has no scale subresource`);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas))) {
    throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be an integer`);
  }
  const next = structuredClone(obj);
  setPath(next, s.specReplicasPath, replicas ?? 0);
  return next;
}
