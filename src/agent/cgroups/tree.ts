/**
 * Directory work shared by the v1 and v2 drivers: name checks (the names become paths, so nothing
 * may climb out of the hierarchy), depth-first removal and the pod listing, plus the parsers of
 * the kernel's flat files.
 */
import { errnoOf, type CgroupFs } from './fs.js';
import type { RemoveResult } from './types.js';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

export function checkName(name: string): string {
  if (!SEGMENT.test(name) || name === '.' || name === '..') throw new Error(`cgroup name must be one path segment of [A-Za-z0-9_.-], got ${JSON.stringify(name)}`);
  return name;
}

/** The pod directory name, as the kubelet's cgroupfs driver spells it: `pod<uid>`. */
export function podDir(podUid: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(podUid)) throw new Error(`pod UID must be [A-Za-z0-9_-], got ${JSON.stringify(podUid)}`);
  return `pod${podUid}`;
}

/**
 * rmdir `dir` and everything below it, children first (a cgroup with child cgroups cannot go).
 * Missing directories are fine (someone else removed them); directories still holding tasks
 * (EBUSY, or ENOTEMPTY when a child appeared meanwhile) are reported, not thrown.
 */
export async function removeTree(fs: CgroupFs, dir: string, busy: string[] = []): Promise<RemoveResult> {
  for (const child of await fs.subdirs(dir)) await removeTree(fs, `${dir}/${child}`, busy);
  try {
    await fs.rmdir(dir);
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'EBUSY' || code === 'ENOTEMPTY') busy.push(dir);
    else if (code !== 'ENOENT') throw e;
  }
  return { busy };
}

/** Pod UIDs with a `pod<uid>` directory under any of `parents`, sorted and without duplicates. */
export async function podUidsUnder(fs: CgroupFs, parents: string[]): Promise<string[]> {
  const uids = new Set<string>();
  for (const p of parents) {
    for (const d of await fs.subdirs(p)) if (/^pod[A-Za-z0-9_-]+$/.test(d)) uids.add(d.slice(3));
  }
  return [...uids].sort();
}

/** A number from a control file; "max" (and v1's "huge" page-rounded unlimited) mean Infinity. */
export function parseLimit(text: string): number {
  const t = text.trim();
  if (t === 'max') return Infinity;
  const n = Number(t);
  if (!Number.isFinite(n)) throw new Error(`unexpected cgroup value ${JSON.stringify(t)}`);
  // v1 reports "no limit" as PAGE_COUNTER_MAX pages, about 2^63; nothing real is that large.
  return n >= 2 ** 62 ? Infinity : n;
}

/** One key of a flat-keyed file (memory.stat, cpu.stat): `key value` per line; 0 when absent. */
export function statValue(text: string, key: string): number {
  for (const line of text.split('\n')) {
    const [k, v] = line.split(' ');
    if (k === key) return Number(v);
  }
  return 0;
}

/** Reads a file, treating a missing one as `fallback` (optional controllers, older kernels). */
export async function readOr(fs: CgroupFs, path: string, fallback: string): Promise<string> {
  try {
    return await fs.read(path);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return fallback;
    throw e;
  }
}

/** Writes a control file; the kernel's refusal is re-thrown naming the file and the value. */
export async function writeControl(fs: CgroupFs, path: string, value: string): Promise<void> {
  try {
    await fs.write(path, value);
  } catch (e) {
    const err = new Error(`writing ${JSON.stringify(value)} to ${path} failed: ${errnoOf(e) ?? (e as Error).message}`, { cause: e });
    throw Object.assign(err, { code: errnoOf(e) });
  }
}
