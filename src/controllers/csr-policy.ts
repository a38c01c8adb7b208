/**
 * What the node CSR approver and signer accept (kube-controller-manager's `csrapproving` and the
 * kubelet signers' checks), as pure decisions over a request, what its PEM asks for, and the Node:
 * - `kubernetes.io/kube-apiserver-client-kubelet`: subject `CN=system:node:<name>, O=system:nodes`,
 *   no SANs, client usages only; auto-approved when asked by a bootstrapper (joining) or by that
 *   node itself (renewal).
 * - `kubernetes.io/kubelet-serving`: the same subject, server usages, SANs within the Node's own
 *   addresses and name; auto-approved only when that node asks (upstream leaves these to an
 *   external approver; Kite approves them so the kubelet API is verifiable without manual steps).
 */
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER, type CertificateSigningRequest, type KObject } from '../api/types/index.js';
import type { ParsedCsr } from '../pki/index.js';

const NODE_PREFIX = 'system:node:';
const CLIENT_USAGES = ['digital signature', 'key encipherment', 'client auth'];
const SERVING_USAGES = ['digital signature', 'key encipherment', 'server auth'];

export type Shape = { ok: true; nodeName: string } | { ok: false; reason: string };

/** Whether the request is a well-formed node certificate request for its signer (the signer re-checks this). */
export function nodeCsrShape(csr: CertificateSigningRequest, req: ParsedCsr): Shape {
  const signer = csr.spec.signerName;
  if (signer !== KUBELET_CLIENT_SIGNER && signer !== KUBELET_SERVING_SIGNER) return { ok: false, reason: `signer ${signer} is not a node signer` };
  if (!req.commonName.startsWith(NODE_PREFIX) || req.commonName.length === NODE_PREFIX.length) {
    return { ok: false, reason: `subject CN must be system:node:<name>, got "${req.commonName}"` };
  }
  if (req.organizations.length !== 1 || req.organizations[0] !== 'system:nodes') {
    return { ok: false, reason: `subject O must be exactly system:nodes, got [${req.organizations.join(', ')}]` };
  }
  const usages = csr.spec.usages ?? [];
  const client = signer === KUBELET_CLIENT_SIGNER;
  const allowed = client ? CLIENT_USAGES : SERVING_USAGES;
  const required = client ? 'client auth' : 'server auth';
  if (!usages.includes(required) || usages.some((u) => !allowed.includes(u))) {
    return { ok: false, reason: `usages must include "${required}" and be within [${allowed.join(', ')}], got [${usages.join(', ')}]` };
  }
  if (client && (req.dnsNames.length || req.ips.length || req.otherNames)) return { ok: false, reason: 'a node client certificate carries no subject alternative names' };
  if (!client && (req.otherNames || (!req.dnsNames.length && !req.ips.length))) return { ok: false, reason: 'a node serving certificate needs DNS or IP names only' };
  return { ok: true, nodeName: req.commonName.slice(NODE_PREFIX.length) };
}

export type Decision = { approve: true; message: string } | { approve: false; reason: string } | { wait: string };

interface NodeLike extends KObject { status?: { addresses?: Array<{ type: string; address: string }> } }

/** The auto-approver's decision; `wait` = ask again later (the Node has not registered yet). */
export function approvalDecision(csr: CertificateSigningRequest, req: ParsedCsr, node: NodeLike | undefined): Decision {
  const shape = nodeCsrShape(csr, req);
  if (!shape.ok) return { approve: false, reason: shape.reason };
  const user = csr.spec.username ?? '';
  const groups = csr.spec.groups ?? [];
  const self = user === req.commonName;
  if (csr.spec.signerName === KUBELET_CLIENT_SIGNER) {
    if (groups.includes('system:bootstrappers')) return { approve: true, message: 'Auto approving kubelet client certificate after SubjectAccessReview.' };
    if (self) return { approve: true, message: 'Auto approving self kubelet client certificate after SubjectAccessReview.' };
    return { approve: false, reason: `requester ${user} may not ask for ${req.commonName}'s client certificate` };
  }
  if (!self) return { approve: false, reason: `only ${req.commonName} may ask for its serving certificate, not ${user}` };
  if (!node) return { wait: `node ${shape.nodeName} has not registered yet` };
  const addresses = node.status?.addresses ?? [];
  const names = new Set([shape.nodeName, ...addresses.filter((a) => a.type === 'Hostname' || a.type.endsWith('DNS')).map((a) => a.address)]);
  const ips = new Set(addresses.filter((a) => a.type.endsWith('IP')).map((a) => a.address));
  const foreign = [...req.dnsNames.filter((n) => !names.has(n)), ...req.ips.filter((ip) => !ips.has(ip))];
  if (foreign.length) return { approve: false, reason: `names [${foreign.join(', ')}] are not node ${shape.nodeName}'s` };
  return { approve: true, message: 'Auto approving kubelet serving certificate for the node\'s own names.' };
}

export const hasCondition = (csr: CertificateSigningRequest, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
