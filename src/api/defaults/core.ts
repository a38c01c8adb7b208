/** Namespace, Secret and Node defaulting (in place, idempotent); pods are in pod.ts. */
import type { Namespace, Node, Secret } from '../registry/core-types.js';

export function defaultNamespace(ns: Namespace): void {
  const spec = (ns.spec ??= {});
  spec.finalizers ??= ['kubernetes'];
  const status = (ns.status ??= {});
  status.phase ??= 'Active';
  // Upstream labels every namespace with its own name so selectors can pick namespaces by name.
  if (ns.metadata.name) (ns.metadata.labels ??= {})['kubernetes.io/metadata.name'] = ns.metadata.name;
}

/**
 * Type Opaque; `stringData` is write-only input, merged into `data` (base64) and dropped, as
 * upstream's conversion does, so stored and returned secrets only ever carry `data`.
 */
export function defaultSecret(s: Secret): void {
  s.type ||= 'Opaque';
  if (!s.stringData) return;
  const data = (s.data ??= {});
  for (const [k, v] of Object.entries(s.stringData)) data[k] = base64(v);
  delete s.stringData;
}

function base64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Allocatable defaults to capacity when a node does not report it. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}
