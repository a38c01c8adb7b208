/** GET of one object or a list, as JSON or as a Table. */
import { badRequest } from '../../api/errors.js';
import type { KObject } from '../../api/types/index.js';
import type { RequestCtx } from '../context.js';
import { selectorFilter } from '../filters.js';
import { writeJson } from '../respond.js';
import { parseIncludeObject, toTable, wantsTable } from '../table.js';
import { nonNegativeInt } from '../query.js';
import { readScale } from './scale.js';

export async function handleGet(ctx: RequestCtx): Promise<void> {
  const { def, info, deps } = ctx;
  const obj = await deps.objects.get(def, info.namespace, info.name as string);
  if (info.subresource === 'scale') return writeJson(ctx.res, 200, readScale(def, obj));
  if (info.subresource && info.subresource !== 'status') throw badRequest(`subresource ${info.subresource} does not support get`);
  reply(ctx, obj);
}

export function reply(ctx: RequestCtx, obj: KObject, code = 200): void {
  if (wantsTable(ctx.req)) {
    const include = parseIncludeObject(ctx.query.get('includeObject'));
    return writeJson(ctx.res, code, toTable(ctx.def, [obj], { resourceVersion: obj.metadata.resourceVersion }, include, ctx.deps.now()), warningHeaders(ctx));
  }
  writeJson(ctx.res, code, obj, warningHeaders(ctx));
}

/** RFC 7234 warn-text is a quoted string in a header: anything outside printable ASCII is escaped. */
export function warningHeaders(ctx: RequestCtx): Record<string, string> {
  const quote = (w: string) => JSON.stringify(w).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ctx.warnings.length ? { Warning: ctx.warnings.map((w) => `299 - ${quote(w)}`).join(', ') } : {};
}


/** resourceVersion + resourceVersionMatch → the revision to read at (undefined = latest). */
export function listRevision(q: URLSearchParams): number | undefined {
  const rv = q.get('resourceVersion');
  const match = q.get('resourceVersionMatch');
  if (rv === null || rv === '' || rv === '0') {
    if (match === 'Exact') throw badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    return undefined;
  }
  const n = nonNegativeInt('resourceVersion', rv);
  return match === 'Exact' ? n : undefined;
}

export async function handleList(ctx: RequestCtx): Promise<void> {
  const { def, info, deps, query } = ctx;
  const list = await deps.objects.list(def, info.namespace, {
    limit: nonNegativeInt('limit', query.get('limit')) || undefined,
    continueToken: query.get('continue') || undefined,
    rev: listRevision(query),
    filter: selectorFilter(def, query),
  });
  if (wantsTable(ctx.req)) {
    const include = parseIncludeObject(query.get('includeObject'));
    return writeJson(ctx.res, 200, toTable(def, list.items, list.metadata, include, deps.now()));
  }
  writeJson(ctx.res, 200, list);
}
