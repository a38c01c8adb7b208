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

export function defaultSecret(s: Secret): void {
  s.type ||= 'Opaque';
}

/** Allocatable defaults to capacity when a node does not report it. */
export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}
