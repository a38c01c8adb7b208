/**
 * A minimal, deterministic ustar writer: enough for image layers and OCI archives. Every header has
 * mtime 0, uid/gid 0 and empty user/group names, and entries are written in the order given, so the
 * same input always yields the same bytes (layer digests stay stable across builds and machines).
 */

export type TarEntry =
  | { type: 'dir'; name: string; mode?: number }
  | { type: 'file'; name: string; mode?: number; data: Uint8Array }
  | { type: 'symlink'; name: string; target: string };

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as POSIX ustar expects.
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** Splits a long path into ustar's prefix (≤155) and name (≤100) fields, or throws. */
function splitName(full: string): { prefix: string; name: string } {
  if (Buffer.byteLength(full) <= 100) return { prefix: '', name: full };
  for (let i = full.indexOf('/'); i >= 0; i = full.indexOf('/', i + 1)) {
    const prefix = full.slice(0, i), name = full.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  throw new Error(`tar: path too long for ustar: ${full}`);
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const full = e.type === 'dir' && !e.name.endsWith('/') ? `${e.name}/` : e.name;
  const { prefix, name } = splitName(full);
  const mode = e.type === 'symlink' ? 0o777 : e.mode ?? (e.type === 'dir' ? 0o755 : 0o644);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii'); // mtime
  h.write('        ', 148, 'ascii'); // checksum placeholder: spaces while summing
  h.write(e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0', 156, 'ascii');
  if (e.type === 'symlink') h.write(e.target, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(octal(0, 8), 329, 'ascii'); // devmajor
  h.write(octal(0, 8), 337, 'ascii'); // devminor
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** Serialises entries into one tar buffer (two zero blocks at the end, no record padding). */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.type === 'file' ? Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength) : Buffer.alloc(0);
    parts.push(header(e, data.length), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
