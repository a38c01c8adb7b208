/**
 * Key ranges for prefix scans. SQLite compares TEXT as UTF-8 bytes, i.e. in code-point order, so
 * the smallest string above every key starting with `prefix` is the prefix with its last code
 * point incremented.
 */
const MAX_CODE_POINT = 0x10ffff;

/** Exclusive upper bound of keys starting with `prefix`; undefined when there is none (empty prefix). */
export function prefixEnd(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < MAX_CODE_POINT) {
      // Skip the surrogate block: those code points cannot appear in well-formed strings.
      cps.push(last + 1 === 0xd800 ? 0xe000 : last + 1);
      return String.fromCodePoint(...cps);
    }
  }
  return undefined;
}

/** Smallest key strictly greater than `after` (appending the lowest code point). */
export const successor = (after: string): string => `${after}\u0000`;
