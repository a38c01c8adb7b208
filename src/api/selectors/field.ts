/**
 * Field selectors (apimachinery `fields/selector.go`): `k=v`, `k==v`, `k!=v`, comma separated, with
 * `\,`, `\=` and `\\` escapes in values. Which fields a resource supports is the API server's business;
 * this module only parses and matches.
 */
import { badRequest } from '../errors.js';

export interface FieldReq {
  field: string;
  /** `==` is parsed as `=`, as upstream does. */
  operator: '=' | '!=';
  value: string;
}

// Order matters: at each position `!=` and `==` are tried before `=`.
const OPERATORS = ['!=', '==', '='] as const;

/** Parses a field selector; terms come back sorted by their source text, as upstream sorts them. */
export function parseFieldSelector(s: string): FieldReq[] {
  const reqs: FieldReq[] = [];
  for (const term of splitTerms(s).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    reqs.push({ field: parts.lhs, operator: parts.op === '!=' ? '!=' : '=', value: unescapeValue(parts.rhs) });
  }
  return reqs;
}

/** True when every requirement holds; a field the object lacks reads as the empty string. */
export function matchFields(reqs: FieldReq[], getField: (path: string) => string | undefined): boolean {
  return reqs.every((r) => ((getField(r.field) ?? '') === r.value) === (r.operator === '='));
}

/** Splits on commas not preceded by a backslash; escapes stay in the terms for `unescapeValue`. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    if (escaped) escaped = false;
    else if (s[i] === '\\') escaped = true;
    else if (s[i] === ',') { terms.push(s.slice(start, i)); start = i + 1; }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator occurrence splits the term: keys cannot contain escapes. */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = OPERATORS.find((o) => term.startsWith(o, i));
    if (op) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, which prints its code point; kept for identical messages.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}
