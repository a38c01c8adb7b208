/** Numeric query parameters, parsed strictly: digits only and a safe integer, else 400 naming the parameter. */
import { badRequest } from '../api/errors.js';

export function nonNegativeInt(name: string, v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = /^\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`${name}: Invalid value: "${v}": must be a non-negative integer`);
  return n;
}
