/**
 * Writes a volume's files the way upstream's `AtomicWriter` does, so a container never sees a
 * half-updated configMap/secret volume:
 *   <dir>/..2025_03_01_10_00_00.123456789/<files>   the payload, a fresh directory per change
 *   <dir>/..data -> ..2025_03_01_…                   swapped atomically with rename(2)
 *   <dir>/<top-level name> -> ..data/<top-level name> user-visible paths (symlinks)
 * A payload equal to what `..data` holds is a no-op; stale top-level links and the old timestamped
 * directory are removed after the swap.
 */
import { mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile, chmod, lstat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileProjection { data: Buffer; mode: number }
export type Payload = Map<string, FileProjection>;

const DATA = '..data';
const DATA_TMP = '..data_tmp';

/** A payload path must be relative, without `..` elements and must not start with `..` (upstream validatePath). */
export function validatePayloadPath(p: string): void {
  if (!p || p.startsWith('/') || p.startsWith('..') || p.split('/').some((s) => s === '..' || s === '')) {
    throw new Error(`invalid path ${JSON.stringify(p)} in volume payload`);
  }
}

async function unchanged(dir: string, payload: Payload): Promise<boolean> {
  let target: string;
  try { target = join(dir, await readlink(join(dir, DATA))); } catch { return false; }
  for (const [p, f] of payload) {
    try {
      const [content, st] = await Promise.all([readFile(join(target, p)), stat(join(target, p))]);
      if (!content.equals(f.data) || (st.mode & 0o7777) !== f.mode) return false;
    } catch { return false; }
  }
  // files that would disappear count as a change too
  const count = async (d: string): Promise<number> => {
    let n = 0;
    for (const e of await readdir(d, { withFileTypes: true })) n += e.isDirectory() ? await count(join(d, e.name)) : 1;
    return n;
  };
  return (await count(target)) === payload.size;
}

const stamp = (now: Date) => {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.`;
};

/** Makes `dir` hold exactly `payload`; resolves true when something changed. */
export async function writeAtomic(dir: string, payload: Payload, now: Date): Promise<boolean> {
  for (const p of payload.keys()) validatePayloadPath(p);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  if (await unchanged(dir, payload)) return false;
  let old: string | undefined;
  try { old = await readlink(join(dir, DATA)); } catch { old = undefined; }

  const tsDir = await mkdtemp(join(dir, stamp(now)));
  await chmod(tsDir, 0o755);
  for (const [p, f] of payload) {
    const file = join(tsDir, p);
    await mkdir(dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, f.data, { mode: f.mode });
    await chmod(file, f.mode); // writeFile's mode is filtered by the umask
  }
  await rm(join(dir, DATA_TMP), { force: true });
  await symlink(tsDir.slice(dir.length + 1), join(dir, DATA_TMP));
  await rename(join(dir, DATA_TMP), join(dir, DATA));

  const tops = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
  for (const t of tops) {
    const link = join(dir, t);
    const exists = await lstat(link).then(() => true, () => false);
    if (!exists) await symlink(join(DATA, t), link);
  }
  for (const e of await readdir(dir)) {
    if (e.startsWith('..') || tops.has(e)) continue;
    await rm(join(dir, e), { force: true, recursive: true });
  }
  if (old && old !== DATA) await rm(join(dir, old), { recursive: true, force: true });
  return true;
}
