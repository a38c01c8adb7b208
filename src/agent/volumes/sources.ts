/**
 * The file payloads of configMap, secret, downwardAPI and projected volumes (upstream's volume
 * plugins, minus the mount): which keys become which files with which modes.
 * - `items` pick keys and name their paths; without items every key is a file named after it;
 * - file mode: the item's `mode`, else the volume's `defaultMode`, else 0644;
 * - a missing object or key fails the mount unless `optional`.
 */
import type { ConfigMap, Pod, Secret } from '../../api/registry/core-types.js';
import type { FileProjection, Payload } from './atomic-writer.js';
import { fieldRefValue, resourceFieldValue, type DownwardContext, type ResourceFieldRef } from './downward.js';

export class MountError extends Error {}

export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** A bound service-account token for the pod (cached and refreshed by the caller). */
  token(pod: Pod, o: { audience?: string; expirationSeconds?: number; path: string }): Promise<string>;
}

interface KeyToPath { key: string; path: string; mode?: number }
interface KeyedSource { name?: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number }
interface DownwardItem { path: string; mode?: number; fieldRef?: { fieldPath: string }; resourceFieldRef?: ResourceFieldRef }
interface ProjectedSource {
  configMap?: KeyedSource; secret?: KeyedSource; downwardAPI?: { items?: DownwardItem[] };
  serviceAccountToken?: { audience?: string; expirationSeconds?: number; path: string };
}

const DEFAULT_MODE = 0o644;

function keyed(kind: string, ref: string, data: Map<string, Buffer>, src: KeyedSource, defaultMode: number, out: Payload): void {
  const mode = (m?: number) => m ?? defaultMode;
  if (!src.items?.length) {
    for (const [k, v] of data) out.set(k, { data: v, mode: defaultMode });
    return;
  }
  for (const it of src.items) {
    const v = data.get(it.key);
    if (v === undefined) {
      if (src.optional) continue;
      throw new MountError(`${kind} references non-existent config key: ${it.key} (${ref})`);
    }
    out.set(it.path, { data: v, mode: mode(it.mode) });
  }
}

async function configMapInto(os: ObjectSource, pod: Pod, src: KeyedSource, defaultMode: number, out: Payload): Promise<void> {
  const ns = pod.metadata.namespace ?? '';
  const cm = await os.configMap(ns, src.name ?? '');
  if (!cm) {
    if (src.optional) return;
    throw new MountError(`configmap "${src.name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) data.set(k, Buffer.from(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data.set(k, Buffer.from(v, 'base64'));
  keyed('configMap', `${ns}/${src.name}`, data, src, defaultMode, out);
}

async function secretInto(os: ObjectSource, pod: Pod, src: KeyedSource & { secretName?: string }, defaultMode: number, out: Payload): Promise<void> {
  const ns = pod.metadata.namespace ?? '';
  const name = src.secretName ?? src.name ?? '';
  const s = await os.secret(ns, name);
  if (!s) {
    if (src.optional) return;
    throw new MountError(`secret "${name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(s.data ?? {})) data.set(k, Buffer.from(v, 'base64'));
  keyed('secret', `${ns}/${name}`, data, src, defaultMode, out);
}

function downwardInto(x: DownwardContext, items: DownwardItem[], defaultMode: number, out: Payload): void {
  for (const it of items) {
    let v: string;
    if (it.fieldRef) v = fieldRefValue(x, it.fieldRef.fieldPath);
    else if (it.resourceFieldRef) v = resourceFieldValue(x, it.resourceFieldRef);
    else throw new MountError(`downwardAPI item ${it.path} has neither fieldRef nor resourceFieldRef`);
    out.set(it.path, { data: Buffer.from(v), mode: it.mode ?? defaultMode } satisfies FileProjection);
  }
}

/** The payload of one volume of these kinds, or undefined for other kinds. */
export async function volumePayload(os: ObjectSource, x: DownwardContext, vol: Record<string, unknown>): Promise<Payload | undefined> {
  const out: Payload = new Map();
  const pod = x.pod;
  if (vol.configMap) {
    const src = vol.configMap as KeyedSource;
    await configMapInto(os, pod, src, src.defaultMode ?? DEFAULT_MODE, out);
  } else if (vol.secret) {
    const src = vol.secret as KeyedSource & { secretName?: string };
    await secretInto(os, pod, src, src.defaultMode ?? DEFAULT_MODE, out);
  } else if (vol.downwardAPI) {
    const src = vol.downwardAPI as { items?: DownwardItem[]; defaultMode?: number };
    downwardInto(x, src.items ?? [], src.defaultMode ?? DEFAULT_MODE, out);
  } else if (vol.projected) {
    const p = vol.projected as { sources?: ProjectedSource[]; defaultMode?: number };
    const mode = p.defaultMode ?? DEFAULT_MODE;
    for (const s of p.sources ?? []) {
      if (s.configMap) await configMapInto(os, pod, s.configMap, mode, out);
      if (s.secret) await secretInto(os, pod, s.secret, mode, out);
      if (s.downwardAPI) downwardInto(x, s.downwardAPI.items ?? [], mode, out);
      if (s.serviceAccountToken) {
        const token = await os.token(pod, s.serviceAccountToken);
        out.set(s.serviceAccountToken.path, { data: Buffer.from(token), mode });
      }
    }
  } else {
    return undefined;
  }
  return out;
}
