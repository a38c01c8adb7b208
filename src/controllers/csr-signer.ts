/**
 * The node certificate signer (kube-controller-manager `csrsigning` for the two kubelet signers):
 * signs Approved requests with the cluster CA and writes `status.certificate`. The certificate's
 * subject and SANs are what the request asked for, after `nodeCsrShape` re-checks them (a request a
 * human approved by mistake gets a Failed condition instead). Validity: the requested
 * expirationSeconds, at most one year (upstream's default --cluster-signing-duration).
 */
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER, type CertificateSigningRequest } from '../api/types/index.js';
import { nowRfc3339 } from '../api/meta.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';
import { parseCertificateRequest, signCertificateRequest, type CertKeyPem } from '../pki/index.js';
import { Controller } from './controller.js';
import { CSRS } from './csr-approver.js';
import { hasCondition, nodeCsrShape } from './csr-policy.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const MAX_SECONDS = 365 * 86_400;

class CsrSigner extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'updateStatus'>,
    private readonly csrs: SharedInformer<CertificateSigningRequest>,
    private readonly ca: CertKeyPem,
    private readonly now: () => Date,
  ) { super(o); }

  protected override async reconcile(name: string, signal: AbortSignal): Promise<void> {
    const csr = this.csrs.get(name);
    if (!csr || !hasCondition(csr, 'Approved') || hasCondition(csr, 'Failed') || csr.status?.certificate) return;
    // Other signers' requests are theirs to sign (or a human's): leave them exactly as they are.
    if (csr.spec.signerName !== KUBELET_CLIENT_SIGNER && csr.spec.signerName !== KUBELET_SERVING_SIGNER) return;
    const pem = Buffer.from(csr.spec.request, 'base64').toString('utf8');
    let problem: string | undefined;
    let certificate: string | undefined;
    try {
      const req = await parseCertificateRequest(pem);
      const shape = nodeCsrShape(csr, req);
      if (!shape.ok) problem = shape.reason;
      else {
        const seconds = Math.min(csr.spec.expirationSeconds ?? MAX_SECONDS, MAX_SECONDS);
        certificate = await signCertificateRequest(this.ca, pem, {
          commonName: req.commonName, organizations: req.organizations, dnsNames: req.dnsNames, ips: req.ips,
          usage: csr.spec.signerName === KUBELET_SERVING_SIGNER ? 'server' : 'client', days: 0, durationMs: seconds * 1000, now: this.now(),
        });
      }
    } catch (e) {
      problem = (e as Error).message;
    }
    const next = structuredClone(csr);
    if (certificate) next.status = { ...next.status, certificate: Buffer.from(certificate).toString('base64') };
    else {
      const at = nowRfc3339(this.now());
      next.status = { ...next.status, conditions: [...(next.status?.conditions ?? []), { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: problem, lastUpdateTime: at, lastTransitionTime: at }] };
    }
    try {
      await this.client.updateStatus(CSRS, next, { signal });
      this.log.info({ csr: name, issued: !!certificate, problem }, certificate ? 'signed' : 'refused to sign');
    } catch (e) {
      // A newer version will come through the informer; a deleted request needs nothing.
      if (!isConflict(e) && !isNotFound(e)) throw e;
    }
  }
}

export function createCsrSigner(d: ControllerDeps, o: { ca: CertKeyPem; now?: () => Date }): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const csrs = d.informers.forResource<CertificateSigningRequest>(CSRS);
  csrs.addHandler((e) => { if (e.type !== 'delete') queue.add(e.obj.metadata.name as string); });
  return new CsrSigner({ name: 'csrsigning', log: d.log, queue, shared: [csrs], workers: 1 }, d.client, csrs, o.ca, o.now ?? (() => new Date()));
}
