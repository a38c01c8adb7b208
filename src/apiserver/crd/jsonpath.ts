/**
 * The "simple JSONPath" CRDs use for printer columns and selectable fields: `.spec.size`,
 * `.items[0]`, `['dotted.key']`, `[*]` and one filter, `[?(@.type=="Ready")]` (also `!=` and
 * existence `[?(@.ready)]`). Optional `{…}` and `$` wrappers are accepted as kubectl accepts them.
 * Paths are parsed once, when the CRD is registered; evaluation returns every match in order.
 */
type Step =
  | { t: 'field'; name: string }
  | { t: 'index'; i: number }
  | { t: 'all' }
  | { t: 'filter'; path: Step[]; op?: '==' | '!='; value?: unknown };

export type CompiledPath = (root: unknown) => unknown[];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws an Error naming the problem when the path is not simple JSONPath. */
export function compileJsonPath(path: string): CompiledPath {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1).trim();
  if (p.startsWith('$')) p = p.slice(1);
  const steps = parseSteps(p, path);
  return (root) => evaluate(steps, [root]);
}

function parseSteps(src: string, whole: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const fail = (why: string): never => { throw new Error(`invalid JSONPath ${JSON.stringify(whole)}: ${why}`); };
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      const m = /^[^.[\]\s()=!<>@'"]*/.exec(src.slice(i + 1))?.[0] ?? '';
      if (!m) fail(`empty field name at ${i}`);
      steps.push(m === '*' ? { t: 'all' } : { t: 'field', name: m });
      i += 1 + m.length;
    } else if (c === '[') {
      const end = closingBracket(src, i);
      if (end < 0) fail(`unclosed "[" at ${i}`);
      steps.push(parseBracket(src.slice(i + 1, end).trim(), fail));
      i = end + 1;
    } else fail(`unexpected ${JSON.stringify(c)} at ${i}`);
  }
  return steps;
}

/** The "]" closing the bracket at `open`, skipping quoted strings and nested brackets. */
function closingBracket(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(body: string, fail: (why: string) => never): Step {
  if (body === '*') return { t: 'all' };
  if (/^-?\d+$/.test(body)) return { t: 'index', i: Number(body) };
  const quoted = /^(["'])(.*)\1$/.exec(body);
  if (quoted) return { t: 'field', name: quoted[2] ?? '' };
  const filter = /^\?\(\s*@(.*?)\s*(?:(==|!=)\s*(.+?))?\s*\)$/.exec(body);
  if (!filter) return fail(`unsupported bracket expression [${body}]`);
  const path = parseSteps(filter[1] ?? '', body);
  if (!filter[2]) return { t: 'filter', path };
  return { t: 'filter', path, op: filter[2] as '==' | '!=', value: literal(filter[3] ?? '', fail) };
}

function literal(s: string, fail: (why: string) => never): unknown {
  const quoted = /^(["'])(.*)\1$/.exec(s);
  if (quoted) return quoted[2];
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : fail(`unsupported literal ${s}`);
}

function evaluate(steps: Step[], start: unknown[]): unknown[] {
  let cur = start;
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.t === 'field') { if (isObj(v) && s.name in v) next.push(v[s.name]); }
      else if (s.t === 'index') {
        if (Array.isArray(v)) { const i = s.i < 0 ? v.length + s.i : s.i; if (i >= 0 && i < v.length) next.push(v[i]); }
      } else if (s.t === 'all') { if (Array.isArray(v)) next.push(...v); else if (isObj(v)) next.push(...Object.values(v)); }
      else {
        const items = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : [];
        next.push(...items.filter((item) => matches(s, item)));
      }
    }
    cur = next;
  }
  return cur;
}

function matches(f: Extract<Step, { t: 'filter' }>, item: unknown): boolean {
  const found = evaluate(f.path, [item]);
  if (!f.op) return found.length > 0;
  const eq = found.some((x) => x === f.value || (typeof x !== 'object' && String(x) === String(f.value)));
  return f.op === '==' ? eq : found.length > 0 && !eq;
}
