/**
 * Getting images into the agent's containerd without a registry: archives dropped into DIR/images
 * are imported at agent start (and by `kite images import`), and the pause image the CRI needs for
 * every pod sandbox is built locally from busybox-static when it is missing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ctrImport, ctrListImages } from './ctr.js';
import { PAUSE_IMAGE, PAUSE_SPEC, writeBusyboxOci } from './oci-build.js';

export interface ImageDeps {
  importFile: (socket: string, file: string) => Promise<string[]>;
  listImages: (socket: string) => Promise<string[]>;
}

const realDeps: ImageDeps = {
  importFile: ctrImport,
  listImages: async (socket) => (await ctrListImages(socket)).map((i) => i.name),
};

/** Imports archives one after another; returns every image name they carried. */
export async function importImages(socket: string, files: readonly string[], log: Logger, deps: Partial<ImageDeps> = {}): Promise<string[]> {
  const d = { ...realDeps, ...deps };
  const names: string[] = [];
  for (const file of files) {
    const got = await d.importFile(socket, file);
    log.info({ file, images: got }, 'imported image archive');
    names.push(...got);
  }
  return [...new Set(names)];
}

interface ImportedFile { size: number; mtimeMs: number; images: string[] }
interface ImportedRecord { version: 1; files: Record<string, ImportedFile> }

export const IMPORTED_RECORD = '.imported.json';

async function readRecord(file: string): Promise<ImportedRecord> {
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as ImportedRecord;
    if (r?.version === 1 && r.files && typeof r.files === 'object') return r;
  } catch { /* missing or corrupt: import everything again */ }
  return { version: 1, files: {} };
}

async function writeAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try { await writeFile(tmp, data); await rename(tmp, file); } finally { await rm(tmp, { force: true }); }
}

export interface ImportDirResult {
  imported: Array<{ file: string; images: string[] }>;
  skipped: string[];
  failed: Array<{ file: string; error: string }>;
}

/**
 * Imports every `*.tar` in `dir` that changed (size or mtime) since it was last imported, or whose
 * images are no longer in containerd (e.g. its root was wiped). One bad archive is logged and
 * reported in `failed`; the others still import. `file` and `skipped` hold file names within `dir`.
 */
export async function importImageDir(socket: string, dir: string, log: Logger, deps: Partial<ImageDeps> = {}): Promise<ImportDirResult> {
  const d = { ...realDeps, ...deps };
  const result: ImportDirResult = { imported: [], skipped: [], failed: [] };
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return []; throw e; });
  const tars = names.filter((n) => n.endsWith('.tar') && !n.startsWith('.')).sort();
  if (tars.length === 0) return result;
  const recordFile = path.join(dir, IMPORTED_RECORD);
  const old = await readRecord(recordFile);
  const next: ImportedRecord = { version: 1, files: {} };
  const present = new Set(await d.listImages(socket));
  for (const name of tars) {
    const file = path.join(dir, name);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) continue;
    const prev = old.files[name];
    if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs && prev.images.every((i) => present.has(i))) {
      next.files[name] = prev;
      result.skipped.push(name);
      continue;
    }
    try {
      const images = await d.importFile(socket, file);
      log.info({ file, images }, 'imported image archive');
      next.files[name] = { size: st.size, mtimeMs: st.mtimeMs, images };
      result.imported.push({ file: name, images });
    } catch (err) {
      log.error({ err, file }, 'image archive could not be imported');
      result.failed.push({ file: name, error: (err as Error).message });
    }
  }
  await writeAtomic(recordFile, `${JSON.stringify(next, null, 2)}\n`);
  return result;
}

/**
 * Makes sure the CRI's sandbox image (registry.k8s.io/pause:3.6) exists in k8s.io; builds it from
 * busybox-static in `workDir` and imports it if not. Returns true if it had to be imported.
 */
export async function ensurePauseImage(socket: string, workDir: string, log: Logger, deps: Partial<ImageDeps> = {}): Promise<boolean> {
  const d = { ...realDeps, ...deps };
  if ((await d.listImages(socket)).includes(PAUSE_IMAGE)) return false;
  await mkdir(workDir, { recursive: true });
  const file = path.join(workDir, `pause-${randomBytes(4).toString('hex')}.tar`);
  try {
    await writeBusyboxOci(file, PAUSE_SPEC);
    await d.importFile(socket, file);
  } finally {
    await rm(file, { force: true });
  }
  log.info({ image: PAUSE_IMAGE }, 'built and imported the pause image from busybox-static');
  return true;
}
