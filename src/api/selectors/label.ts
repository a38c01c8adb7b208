/**
 * Label selectors (apimachinery `labels/selector.go`): the string syntax of `?labelSelector=` and
 * `kubectl -l`, the object form of `spec.selector`, matching, and the canonical string that
 * `Scale.status.selector` shows. Parse errors read like upstream's because kubectl prints them verbatim.
 */
import { badRequest } from '../errors.js';
import { labelValue, qualifiedName } from '../validation/names.js';

/** Upstream's `selection.Operator` spellings. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelSelectorReq {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** metav1.LabelSelector */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

type Tok = 'end' | 'id' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin' | 'error';
interface Item { tok: Tok; lit: string }

const SYMBOLS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPS = ['=', '==', '!=', 'in', 'notin', '>', '<'];

/** Splits into tokens; `in`/`notin` are keywords only where an operator may stand (see `asValue`). */
function lex(s: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && SPACE.has(s[i]!)) i++;
    if (i >= s.length) return [...out, { tok: 'end', lit: '' }];
    if (SPECIAL.has(s[i]!)) {
      // Longest operator made of special characters: `!=` wins over `!`, `==` over `=`.
      let best: Item | undefined;
      let j = i;
      while (j < s.length && SPECIAL.has(s[j]!)) {
        const cand = s.slice(i, j + 1);
        if (SYMBOLS.has(cand)) best = { tok: cand as Tok, lit: cand };
        else if (best) break;
        j++;
      }
      if (!best) return [...out, { tok: 'error', lit: `error expected: keyword found '${s.slice(i, j)}'` }];
      out.push(best);
      i += best.lit.length;
      continue;
    }
    const start = i;
    while (i < s.length && !SPECIAL.has(s[i]!) && !SPACE.has(s[i]!)) i++;
    const word = s.slice(start, i);
    out.push({ tok: word === 'in' || word === 'notin' ? word : 'id', lit: word });
  }
}

/** In value position `in` and `notin` are ordinary words (`x in (in)`). */
const asValue = (it: Item): Item => (it.tok === 'in' || it.tok === 'notin' ? { tok: 'id', lit: it.lit } : it);

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}
  peek(): Item { return asValue(this.items[this.pos]!); }
  next(asOperator = false): Item {
    const it = this.items[this.pos]!;
    if (it.tok !== 'end') this.pos++;
    return asOperator ? it : asValue(it);
  }
}

/** `[!]key [op value | in|notin (v,…)]`, comma separated; requirements come back sorted by key. */
export function parseLabelSelector(s: string): LabelSelectorReq[] {
  const p = new Parser(lex(s));
  const reqs: LabelSelectorReq[] = [];
  for (;;) {
    const { tok, lit } = p.peek();
    if (tok === 'end') break;
    if (tok !== 'id' && tok !== '!') throw badRequest(`found '${lit}', expected: !, identifier, or 'end of string'`);
    try {
      reqs.push(parseRequirement(p));
    } catch (e) {
      throw badRequest(`unable to parse requirement: ${(e as Error).message}`);
    }
    const after = p.next();
    if (after.tok === 'end') break;
    if (after.tok !== ',') throw badRequest(`found '${after.lit}', expected: ',' or 'end of string'`);
    const following = p.peek();
    if (following.tok !== 'id' && following.tok !== '!') throw badRequest(`found '${following.lit}', expected: identifier after ','`);
  }
  return sortByKey(reqs);
}

function parseRequirement(p: Parser): LabelSelectorReq {
  let first = p.next();
  const negated = first.tok === '!';
  if (negated) first = p.next();
  if (first.tok !== 'id') throw new Error(`found '${first.lit}', expected: identifier`);
  const key = first.lit;
  checkKey(key);
  const la = p.peek().tok;
  if (la === 'end' || la === ',') return { key, operator: negated ? '!' : 'exists', values: [] };
  // Upstream ignores a leading `!` once an operator follows (`!a=b` means `a=b`); kept for parity.
  const op = p.next(true);
  switch (op.tok) {
    case 'in': case 'notin':
      return requirement(key, op.tok, parseValueSet(p));
    case '=': case '==': case '!=': case '>': case '<': {
      const v = p.peek();
      if (v.tok === 'end' || v.tok === ',') return requirement(key, opName(op.tok), ['']);
      const val = p.next();
      if (val.tok !== 'id') throw new Error(`found '${val.lit}', expected: identifier`);
      return requirement(key, opName(op.tok), [val.lit]);
    }
    default:
      throw new Error(`found '${op.lit}', expected: ${BINARY_OPS.join(', ')}`);
  }
}

const opName = (t: '=' | '==' | '!=' | '>' | '<'): LabelOperator => (t === '>' ? 'gt' : t === '<' ? 'lt' : t);

/** `(a,b)`; empty members (`(a,)`, `()`) mean the empty value, as upstream. Sorted and de-duplicated. */
function parseValueSet(p: Parser): string[] {
  const open = p.next();
  if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
  const vals = new Set<string>();
  const la = p.peek();
  if (la.tok === ')') { p.next(); return ['']; }
  if (la.tok !== 'id' && la.tok !== ',') throw new Error(`found '${la.lit}', expected: ',', ')' or identifier`);
  for (;;) {
    const it = p.next();
    if (it.tok === 'id') {
      vals.add(it.lit);
      const n = p.peek();
      if (n.tok === ')') break;
      if (n.tok !== ',') throw new Error(`found '${n.lit}', expected: ',' or ')'`);
    } else if (it.tok === ',') {
      if (vals.size === 0) vals.add('');
      const n = p.peek();
      if (n.tok === ')') { vals.add(''); break; }
      if (n.tok === ',') vals.add('');
    } else {
      throw new Error(`found '${it.lit}', expected: ',', or identifier`);
    }
  }
  p.next(); // ')'
  return [...vals].sort();
}

function checkKey(key: string): void {
  const errs = qualifiedName(key);
  // `<nil>` is how upstream prints the empty field path; kept so messages match kubectl's docs and issues.
  if (errs.length) throw new Error(`<nil>: Invalid value: "${key}": ${errs.join('; ')}`);
}

/** Validates values the way `labels.NewRequirement` does. */
function requirement(key: string, operator: LabelOperator, values: string[]): LabelSelectorReq {
  const errs: string[] = [];
  if ((operator === 'gt' || operator === 'lt')) {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: "${v}": for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  values.forEach((v, i) => {
    const bad = labelValue(v);
    if (bad.length) errs.push(`values[${i}][${key}]: Invalid value: "${v}": ${bad.join('; ')}`);
  });
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return { key, operator, values };
}

const sortByKey = (r: LabelSelectorReq[]) => r.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** True when every requirement holds for `labels` (an empty list matches everything). */
export function matchLabels(reqs: LabelSelectorReq[], labels: Record<string, string> = {}): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.operator) {
      case '=': case '==': case 'in': return has && r.values.includes(v!);
      case '!=': case 'notin': return !has || !r.values.includes(v!);
      case 'exists': return has;
      case '!': return !has;
      case 'gt': case 'lt': {
        if (!has || !/^[+-]?\d+$/.test(v!) || r.values.length !== 1) return false;
        const [a, b] = [BigInt(v!), BigInt(r.values[0]!)];
        return r.operator === 'gt' ? a > b : a < b;
      }
    }
  });
}

const OBJECT_OPS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelector → requirements (`LabelSelectorAsSelector`). An empty object matches everything;
 * a missing selector (which matches nothing) is the caller's case to handle.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject): LabelSelectorReq[] {
  const reqs: LabelSelectorReq[] = [];
  try {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
      checkKey(k);
      reqs.push(requirement(k, '=', [v]));
    }
    for (const e of sel.matchExpressions ?? []) {
      const op = OBJECT_OPS[e.operator];
      if (!op) throw new Error(`"${e.operator}" is not a valid label selector operator`);
      checkKey(e.key);
      const values = e.values ?? [];
      if ((op === 'in' || op === 'notin') && values.length === 0) throw new Error(`values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
      if ((op === 'exists' || op === '!') && values.length) throw new Error(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
      reqs.push(requirement(e.key, op, [...values]));
    }
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return sortByKey(reqs);
}

/** The canonical form (`a=b,!c,d in (x,y)`), as `labels.Selector.String()` prints it. */
export function selectorToString(sel: LabelSelectorReq[] | LabelSelectorObject): string {
  const reqs = Array.isArray(sel) ? sel : labelSelectorFromObject(sel);
  return reqs.map(reqToString).join(',');
}

function reqToString(r: LabelSelectorReq): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'in': case 'notin': return `${r.key} ${r.operator} (${vals})`;
    case 'gt': return `${r.key}>${vals}`;
    case 'lt': return `${r.key}<${vals}`;
    default: return `${r.key}${r.operator}${vals}`;
  }
}
