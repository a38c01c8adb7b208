/** Query options shared by create, update and patch: dryRun, fieldManager, fieldValidation. */
import { badRequest, invalid } from '../../api/errors.js';
import { pruneUnknownFields, typeErrors, unknownFields } from '../../api/schema/index.js';
import type { KObject } from '../../api/types/index.js';
import type { RequestCtx } from '../context.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
}

/** kube-apiserver derives a default manager from the User-Agent's program name. */
function defaultManager(userAgent: string | undefined): string {
  const program = (userAgent ?? 'unknown').split('/')[0] ?? 'unknown';
  return program.slice(0, 128) || 'unknown';
}

export function writeOptions(ctx: RequestCtx, body?: { dryRun?: unknown }): WriteOptions {
  const q = ctx.query;
  const dry = [...q.getAll('dryRun'), ...(Array.isArray(body?.dryRun) ? (body.dryRun as string[]) : [])];
  for (const d of dry) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = q.get('fieldValidation') || 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fm = q.get('fieldManager');
  if (fm !== null && (fm.length > 128 || /[^\x20-\x7e]/.test(fm))) {
    throw invalid('Options', '', '', [{ type: 'FieldValueInvalid', field: 'fieldManager', message: `Invalid value: "${fm}": must be at most 128 printable characters` }]);
  }
  return { dryRun: dry.length > 0, fieldManager: fm || defaultManager(ctx.req.headers['user-agent']), fieldValidation: fv };
}

/**
 * Decoding checks on the client's object, before defaulting, so only what the client sent is judged:
 * JSON types that a typed decoder would refuse → 400; unknown fields → Strict: 400 naming every field
 * (as the strict decoder does); Warn: dropped with a Warning header each; Ignore: dropped silently.
 * Custom resources are typed by their CRD's validation instead (422 with causes).
 */
export function checkUnknownFields(ctx: RequestCtx, obj: KObject, mode: FieldValidation): void {
  const schemas = ctx.deps.registry.schemas();
  if (!(ctx.def as { owner?: string }).owner) {
    const typeErrs = typeErrors(obj, ctx.def.schema, schemas);
    if (typeErrs.length) throw badRequest(`error decoding ${ctx.def.kind}: ${typeErrs.map((e) => `${e.field}: ${e.message}`).join(', ')}`);
  }
  if (mode === 'Strict') {
    const unknown = unknownFields(obj, ctx.def.schema, schemas);
    if (unknown.length) throw badRequest(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
    return;
  }
  const dropped = pruneUnknownFields(obj, ctx.def.schema, schemas);
  if (mode === 'Warn') ctx.warnings.push(...dropped.map((f) => `unknown field "${f}"`));
}
