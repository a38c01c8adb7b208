/**
 * Subresources served by dedicated handlers rather than generic status/scale logic.
 * Discovery advertises exactly these, so the list lives in one place.
 */
export interface SpecialSubresource {
  /** `<group>/<plural>` of the parent (core group = ''). */
  parent: string;
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

export const SPECIAL_SUBRESOURCES: SpecialSubresource[] = [
  { parent: '/pods', name: 'binding', group: '', version: 'v1', kind: 'Binding', verbs: ['create'] },
  { parent: '/pods', name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] },
  // WebSocket only (kubectl sends GET + Upgrade); served by upgrade.ts, authorized as `create`.
  { parent: '/pods', name: 'exec', group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { parent: '/pods', name: 'attach', group: '', version: 'v1', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  { parent: '/pods', name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
  { parent: '/serviceaccounts', name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] },
  // Served by csr.ts (kubectl certificate approve|deny).
  { parent: 'certificates.k8s.io/certificatesigningrequests', name: 'approval', group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', verbs: ['get', 'update'] },
  { parent: '/namespaces', name: 'finalize', group: '', version: 'v1', kind: 'Namespace', verbs: ['update'] },
];

export const specialSubresourcesOf = (group: string, plural: string) =>
  SPECIAL_SUBRESOURCES.filter((s) => s.parent === `${group}/${plural}`);
