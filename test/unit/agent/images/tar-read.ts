/** A tiny ustar reader for tests: checks what src/agent/images/tar.ts writes, without GNU tar. */
export interface ReadEntry { name: string; type: string; mode: number; uid: number; gid: number; mtime: number; linkname: string; data: Buffer }

const str = (b: Buffer, o: number, n: number) => b.subarray(o, o + n).toString('utf8').replace(/\0.*$/s, '');
const oct = (b: Buffer, o: number, n: number) => parseInt(str(b, o, n).trim() || '0', 8);

export function readTar(buf: Buffer): ReadEntry[] {
  const out: ReadEntry[] = [];
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== oct(h, 148, 8)) throw new Error(`bad checksum at ${off}`);
    const prefix = str(h, 345, 155), name = str(h, 0, 100);
    const size = oct(h, 124, 12);
    out.push({
      name: prefix ? `${prefix}/${name}` : name, type: str(h, 156, 1), mode: oct(h, 100, 8), uid: oct(h, 108, 8), gid: oct(h, 116, 8),
      mtime: oct(h, 136, 12), linkname: str(h, 157, 100), data: buf.subarray(off + 512, off + 512 + size),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
