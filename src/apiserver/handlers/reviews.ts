/**
 * Create-only "virtual" resources answered from the request itself: self-subject access/rules reviews
 * (`kubectl auth can-i`), self-subject reviews (`kubectl auth whoami`) and token reviews.
 */
import { badRequest } from '../../api/errors.js';
import type { KObject } from '../../api/types/index.js';
import type { Authorizer } from '../authz.js';
import type { TokenAuthenticator, UserInfo } from '../authn.js';
import type { RequestCtx } from '../context.js';
import { readObject } from './decode.js';
import { apiVersionOf } from '../context.js';
import { writeJson } from '../respond.js';

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string }

export async function handleReview(ctx: RequestCtx, authz: Authorizer, tokens: TokenAuthenticator[]): Promise<void> {
  const obj = await readObject(ctx);
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const out: KObject = { ...obj, apiVersion: apiVersionOf(ctx.def), kind: ctx.def.kind, metadata: { ...obj.metadata, creationTimestamp: null } };
  switch (ctx.def.plural) {
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews': {
      const user: UserInfo = ctx.def.plural === 'subjectaccessreviews'
        ? { name: String(spec.user ?? ''), groups: (spec.groups as string[] | undefined) ?? [] }
        : ctx.user;
      const ra = spec.resourceAttributes as ResourceAttributes | undefined;
      const nra = spec.nonResourceAttributes as { path?: string; verb?: string } | undefined;
      if (!ra && !nra) throw badRequest('spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
      const decision = ra
        ? await authz.authorize(user, { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource, namespace: ra.namespace, name: ra.name })
        : await authz.authorize(user, { verb: nra?.verb ?? '', path: nra?.path ?? '' });
      out.status = { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) };
      break;
    }
    case 'selfsubjectrulesreviews': {
      const rules = await authz.rulesFor(ctx.user, String(spec.namespace ?? ''));
      out.status = { ...rules, incomplete: false };
      break;
    }
    case 'selfsubjectreviews':
      out.status = { userInfo: { username: ctx.user.name, groups: ctx.user.groups, ...(ctx.user.uid ? { uid: ctx.user.uid } : {}), ...(ctx.user.extra ? { extra: ctx.user.extra } : {}) } };
      break;
    case 'tokenreviews': {
      const token = String(spec.token ?? '');
      let user: UserInfo | undefined;
      for (const t of tokens) if ((user = await t(token))) break;
      out.status = user
        ? { authenticated: true, user: { username: user.name, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}) } }
        : { authenticated: false, error: 'invalid bearer token' };
      break;
    }
    default:
      throw badRequest(`${ctx.def.plural} cannot be created`);
  }
  writeJson(ctx.res, 201, out);
}
