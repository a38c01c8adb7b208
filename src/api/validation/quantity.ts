/**
 * resource.Quantity parsing (apimachinery `quantity.go`): `<number><suffix>` where suffix is binary SI
 * (Ki..Ei), decimal SI (n, u, m, "", k, M..E) or a decimal exponent (e3, E-2). Returns the value as a
 * JS number: precision beyond 2^53 is irrelevant for validation and scheduling comparisons.
 */

import { fieldErr } from '../errors.js';
import type { FieldError } from '../types/index.js';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
// The exponent form is tried before the bare `E` (exa) suffix, as upstream does.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

export function parseQuantity(s: string | number): number | undefined {
  if (typeof s === 'number') return Number.isFinite(s) ? s : undefined;
  const m = QUANTITY.exec(s.trim() === s ? s : '');
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

/** The regex upstream quotes in its "quantities must match" error. */
const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Every quantity in a resource map parses and is non-negative; paths like `spec.hard[cpu]`. */
export function validateResourceList(list: Record<string, string | number> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries(list ?? {})) {
    const v = parseQuantity(q);
    if (v === undefined) errs.push(fieldErr.invalid(`${path}[${name}]`, q, QUANTITY_REGEX_MESSAGE));
    else if (v < 0) errs.push(fieldErr.invalid(`${path}[${name}]`, q, 'must be greater than or equal to 0'));
  }
  return errs;
}
