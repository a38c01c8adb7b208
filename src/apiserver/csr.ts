/**
 * CertificateSigningRequest semantics at the API edge (upstream `registry/certificates`): on create
 * the requester's identity is stamped into `spec.username/uid/groups/extra` (never taken from the
 * client — approvers decide on it), and the `approval` subresource changes only the Approved/Denied
 * conditions (`kubectl certificate approve|deny`). Upstream also checks the `approve` verb on the
 * `signers` resource for the request's signerName; Kite's RBAC check on `…/approval` stands in for it.
 */
import { badRequest, methodNotAllowed } from '../api/errors.js';
import { nowRfc3339 } from '../api/meta.js';
import type { CertificateSigningRequest, CsrCondition, KObject } from '../api/types/index.js';
import type { RequestCtx } from './context.js';
import { createObject } from './handlers/create.js';
import { readObject } from './handlers/decode.js';
import { handleGet, reply } from './handlers/read.js';
import { checkPrecondition, updateFlow } from './handlers/update-flow.js';
import { checkUnknownFields, writeOptions } from './handlers/write-options.js';

export const isCsrRequest = (ctx: RequestCtx) => ctx.def.group === 'certificates.k8s.io' && ctx.def.plural === 'certificatesigningrequests';

export async function handleCsrCreate(ctx: RequestCtx): Promise<void> {
  const obj = await readObject(ctx) as CertificateSigningRequest;
  const opts = writeOptions(ctx);
  delete obj.metadata.namespace;
  checkUnknownFields(ctx, obj, opts.fieldValidation);
  const { username: _u, uid: _id, groups: _g, extra: _e, ...spec } = (obj.spec ?? {}) as CertificateSigningRequest['spec'];
  obj.spec = {
    ...spec, username: ctx.user.name, groups: ctx.user.groups,
    ...(ctx.user.uid ? { uid: ctx.user.uid } : {}), ...(ctx.user.extra ? { extra: ctx.user.extra } : {}),
  };
  reply(ctx, await createObject(ctx, obj, opts.fieldManager, opts.dryRun), 201);
}

const APPROVAL_TYPES = ['Approved', 'Denied'];

/** GET returns the object; PUT takes the client's Approved/Denied conditions and keeps every other status field. */
export async function handleCsrApproval(ctx: RequestCtx): Promise<void> {
  if (ctx.info.verb === 'get') return handleGet(ctx);
  if (ctx.info.verb !== 'update') throw methodNotAllowed('the server does not allow this method on the requested resource');
  const desired = await readObject(ctx) as CertificateSigningRequest;
  if (desired.metadata.name !== undefined && desired.metadata.name !== ctx.info.name) {
    throw badRequest(`the name of the object (${desired.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  const opts = writeOptions(ctx);
  const now = nowRfc3339(ctx.deps.now());
  // Stored like a status write: prepareUpdate then takes only `.status` from what `desire` returns.
  const statusCtx: RequestCtx = { ...ctx, info: { ...ctx.info, subresource: 'status' } };
  const updated = await updateFlow(statusCtx, { dryRun: opts.dryRun, manager: opts.fieldManager }, (cur) => {
    checkPrecondition(ctx, desired, cur);
    const csr = cur as CertificateSigningRequest;
    const old = csr.status?.conditions ?? [];
    const asked = (desired.status?.conditions ?? []).filter((c) => APPROVAL_TYPES.includes(c.type));
    const approval = asked.map((c): CsrCondition => {
      const prev = old.find((o) => o.type === c.type);
      return {
        ...c, lastUpdateTime: c.lastUpdateTime ?? now,
        lastTransitionTime: c.lastTransitionTime ?? (prev && prev.status === c.status ? prev.lastTransitionTime ?? now : now),
      };
    });
    csr.status = { ...csr.status, conditions: [...old.filter((c) => !APPROVAL_TYPES.includes(c.type)), ...approval] };
    return csr as KObject;
  });
  reply(ctx, updated);
}
