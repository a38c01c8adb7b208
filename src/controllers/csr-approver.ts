/**
 * The CSR approver (kube-controller-manager `csrapproving`): approves node certificate requests that
 * `csr-policy.ts` accepts through the `approval` subresource, as `kubectl certificate approve` does.
 * A request it does not accept stays Pending for a human (upstream never auto-denies).
 */
import type { CertificateSigningRequest, KObject } from '../api/types/index.js';
import { isNotFound, resourcePath, type KubeClient } from '../client/index.js';
import { nowRfc3339 } from '../api/meta.js';
import { parseCertificateRequest } from '../pki/index.js';
import { Controller } from './controller.js';
import { approvalDecision, hasCondition } from './csr-policy.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

export const CSRS = { group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests' };
const NODES = { group: '', version: 'v1', plural: 'nodes' };
const WAIT_MS = 2000;

class CsrApprover extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'raw'>,
    private readonly csrs: SharedInformer<CertificateSigningRequest>,
    private readonly nodes: SharedInformer<KObject>,
    private readonly now: () => Date,
  ) { super(o); }

  protected override async reconcile(name: string, signal: AbortSignal): Promise<void> {
    const csr = this.csrs.get(name);
    if (!csr || hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied')) return;
    let req;
    try { req = await parseCertificateRequest(Buffer.from(csr.spec.request, 'base64').toString('utf8')); } catch (e) {
      this.log.info({ csr: name, reason: (e as Error).message }, 'not approving an unreadable request');
      return;
    }
    const nodeName = req.commonName.replace(/^system:node:/, '');
    const d = approvalDecision(csr, req, this.nodes.get(nodeName));
    if ('wait' in d) { this.queue.addAfter(name, WAIT_MS); return; }
    if (!d.approve) { this.log.info({ csr: name, reason: d.reason }, 'leaving the request for manual approval'); return; }
    const at = nowRfc3339(this.now());
    const body = structuredClone(csr);
    body.status = { ...body.status, conditions: [...(body.status?.conditions ?? []), {
      type: 'Approved', status: 'True', reason: 'AutoApproved',
      message: d.message, lastUpdateTime: at, lastTransitionTime: at,
    }] };
    try {
      await this.client.raw('PUT', resourcePath(CSRS, name, 'approval'), body, undefined, { signal });
      this.log.info({ csr: name, requester: csr.spec.username }, 'approved');
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function createCsrApprover(d: ControllerDeps, o: { now?: () => Date } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const csrs = d.informers.forResource<CertificateSigningRequest>(CSRS);
  const nodes = d.informers.forResource<KObject>(NODES);
  csrs.addHandler((e) => { if (e.type !== 'delete') queue.add(e.obj.metadata.name as string); });
  return new CsrApprover({ name: 'csrapproving', log: d.log, queue, shared: [csrs, nodes], workers: 1 }, d.client, csrs, nodes, o.now ?? (() => new Date()));
}
