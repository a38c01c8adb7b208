/**
 * Service-account tokens at the API edge: the bearer-token authenticator for them, and the
 * `serviceaccounts/<name>/token` subresource (TokenRequest) that `kubectl create token` calls.
 * Signing itself is injected (src/pki/sa-tokens.ts) so this file holds only API semantics.
 */
import { badRequest } from '../api/errors.js';
import { nowRfc3339 } from '../api/meta.js';
import type { Registry } from '../api/registry/registry.js';
import type { TokenAuthenticator } from './authn.js';
import type { RequestCtx } from './context.js';
import { readObject } from './handlers/decode.js';
import type { ObjectStore } from './rest/objects.js';
import { writeJson } from './respond.js';

export interface TokenSigner {
  issue(c: { namespace: string; serviceAccount: { name: string; uid: string }; pod?: { name: string; uid: string }; audiences: string[]; expirationSeconds: number }, now: Date): { token: string; expiresAt: Date };
  verify(token: string, now: Date): { namespace: string; serviceAccount: { name: string; uid: string }; pod?: { name: string; uid: string } } | undefined;
}

const MIN_EXPIRATION = 600;
const MAX_EXPIRATION = 48 * 3600;

/** A token is valid only while its service account (and bound pod) still exist with the same uid. */
export function serviceAccountTokens(signer: TokenSigner, objects: ObjectStore, registry: Registry, now: () => Date): TokenAuthenticator {
  return async (token) => {
    const v = signer.verify(token, now());
    if (!v) return undefined;
    const saDef = registry.lookup('', 'v1', 'serviceaccounts');
    const sa = saDef && await objects.tryGet(saDef, v.namespace, v.serviceAccount.name);
    if (!sa || sa.metadata.uid !== v.serviceAccount.uid) return undefined;
    if (v.pod) {
      const podDef = registry.lookup('', 'v1', 'pods');
      const pod = podDef && await objects.tryGet(podDef, v.namespace, v.pod.name);
      if (!pod || pod.metadata.uid !== v.pod.uid || pod.metadata.deletionTimestamp) return undefined;
    }
    return {
      name: `system:serviceaccount:${v.namespace}:${v.serviceAccount.name}`,
      uid: v.serviceAccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${v.namespace}`],
      ...(v.pod ? { extra: { 'authentication.kubernetes.io/pod-name': [v.pod.name], 'authentication.kubernetes.io/pod-uid': [v.pod.uid] } } : {}),
    };
  };
}

export async function handleTokenRequest(ctx: RequestCtx, signer: TokenSigner): Promise<void> {
  const tr = await readObject(ctx, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
  const sa = await ctx.deps.objects.get(ctx.def, ctx.info.namespace, ctx.info.name as string);
  const spec = (tr.spec ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind?: string; name?: string; uid?: string } };
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION || expirationSeconds > MAX_EXPIRATION) {
    throw badRequest(`spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes or longer than 48 hours`);
  }
  let pod: { name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    if (ref.kind !== 'Pod' && ref.kind !== 'Secret') throw badRequest(`spec.boundObjectRef.kind: Unsupported value: "${ref.kind}": supported values: "Pod", "Secret"`);
    const def = ctx.deps.registry.lookup('', 'v1', ref.kind === 'Pod' ? 'pods' : 'secrets')!;
    const obj = await ctx.deps.objects.get(def, ctx.info.namespace, ref.name ?? '');
    if (ref.uid && ref.uid !== obj.metadata.uid) throw badRequest(`the UID in the bound object reference (${ref.uid}) does not match the UID in record`);
    if (ref.kind === 'Pod') pod = { name: obj.metadata.name as string, uid: obj.metadata.uid as string };
  }
  const audiences = spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local', 'kite'];
  const { token, expiresAt } = signer.issue({
    namespace: ctx.info.namespace as string, serviceAccount: { name: sa.metadata.name as string, uid: sa.metadata.uid as string },
    pod, audiences, expirationSeconds,
  }, ctx.deps.now());
  writeJson(ctx.res, 201, {
    ...tr, apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
    metadata: { ...tr.metadata, name: sa.metadata.name, namespace: ctx.info.namespace, creationTimestamp: null },
    spec: { ...spec, audiences, expirationSeconds },
    status: { token, expirationTimestamp: nowRfc3339(expiresAt) },
  });
}
