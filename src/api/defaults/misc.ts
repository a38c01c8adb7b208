/** Defaults for the small groups (upstream `defaults.go` of storage, discovery, rbac and apiextensions). */
import type { CustomResourceDefinition, EndpointSlice, StorageClass } from '../validation/misc.js';
import { RBAC_GROUP, type Binding } from '../validation/rbac.js';

export function defaultStorageClass(o: StorageClass): void {
  o.reclaimPolicy ??= 'Delete';
  o.volumeBindingMode ??= 'Immediate';
}

export function defaultEndpointSlice(o: EndpointSlice): void {
  for (const p of o.ports ?? []) {
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

/** Users and groups live in the RBAC group; service accounts in the core group. */
export function defaultBinding(o: Binding): void {
  if (o.roleRef && !o.roleRef.apiGroup) o.roleRef.apiGroup = RBAC_GROUP;
  for (const s of o.subjects ?? []) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

export function defaultCustomResourceDefinition(o: CustomResourceDefinition): void {
  const spec = (o.spec ??= {});
  const names = (spec.names ??= {});
  if (names.kind) {
    names.singular ||= names.kind.toLowerCase();
    names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
}
