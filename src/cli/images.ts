/**
 * `kite images …`: images without a registry. `import` copies archives into DIR/images (imported at
 * every agent start) and, when the agent's containerd is up, imports them at once; `list` shows the
 * images the CRI can use (containerd namespace k8s.io).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { containerdNotReady, containerdPaths } from '../agent/containerd/index.js';
import { ctrListImages, importImageDir } from '../agent/images/index.js';
import { CliError } from './errors.js';
import { createLogger } from '../logging.js';

const DEFAULT_DATA_DIR = '/var/lib/kite';
const RUN_AGENT_HINT = 'start the node agent (kite server without --disable-agent) with the same --data-dir';

interface ImportFlags { dataDir: string }
interface ListFlags { dataDir: string; output: string }

function fsError(e: unknown, what: string): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new CliError('KITE_E_PERMISSION', `${what}: permission denied`, 'run as root (the data dir belongs to root)');
  if (code === 'ENOENT') return new CliError('KITE_E_NOT_FOUND', `${what}: no such file`, undefined, 2);
  return new CliError('KITE_E_IO', `${what}: ${(e as Error).message}`);
}

/** Copies `src` into `dir` under a `.tar` name; the temp name has no `.tar` suffix, so a half-copied file is never imported. */
async function copyAtomic(src: string, dir: string): Promise<string> {
  const base = path.basename(src);
  const name = base.endsWith('.tar') ? base : `${base}.tar`;
  const tmp = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(src, tmp);
    await rename(tmp, path.join(dir, name));
  } catch (e) {
    throw fsError(e, `copying ${src} to ${dir}`);
  } finally {
    await rm(tmp, { force: true });
  }
  return name;
}

async function runImport(files: string[], flags: ImportFlags): Promise<void> {
  const dataDir = path.resolve(flags.dataDir);
  const imagesDir = path.join(dataDir, 'images');
  for (const f of files) {
    const st = await stat(f).catch((e: unknown) => { throw fsError(e, f); });
    if (!st.isFile()) throw new CliError('KITE_E_NOT_A_FILE', `${f}: not a file`, 'pass an OCI or docker image archive (docker save / skopeo copy … oci-archive:)', 2);
  }
  await mkdir(imagesDir, { recursive: true }).catch((e: unknown) => { throw fsError(e, imagesDir); });
  const copied: string[] = [];
  for (const f of files) copied.push(await copyAtomic(f, imagesDir));

  const socket = containerdPaths(dataDir).socket;
  if ((await containerdNotReady(socket)) !== undefined) {
    for (const c of copied) console.log(`copied ${path.join(imagesDir, c)}; the agent imports it when it starts`);
    return;
  }
  // Failures come back in the result and are printed below, once, without a log record's stack.
  const r = await importImageDir(socket, imagesDir, createLogger({ format: 'text', level: 'silent' }));
  for (const i of r.imported) console.log(`imported ${i.images.join(', ') || '(no named images)'} from ${i.file}`);
  const mine = r.failed.filter((x) => copied.includes(x.file));
  for (const x of r.failed) if (!copied.includes(x.file)) console.error(`warning: ${path.join(imagesDir, x.file)}: ${x.error}`);
  // A broken archive would fail again at every agent start: take it back out of DIR/images.
  for (const x of mine) await rm(path.join(imagesDir, x.file), { force: true });
  if (mine.length) {
    throw new CliError('KITE_E_IMAGE_IMPORT', `${mine[0]!.file}: ${mine[0]!.error}`, 'the file must be an OCI image archive or a docker save archive');
  }
}

async function runList(flags: ListFlags): Promise<void> {
  if (flags.output !== 'table' && flags.output !== 'json') {
    throw new CliError('KITE_E_CONFIG', `-o/--output: must be table or json, got "${flags.output}"`, undefined, 2);
  }
  const socket = containerdPaths(path.resolve(flags.dataDir)).socket;
  const why = await containerdNotReady(socket);
  if (why !== undefined) {
    if (/EACCES|EPERM/.test(why)) throw new CliError('KITE_E_PERMISSION', `${socket}: permission denied`, 'run as root');
    throw new CliError('KITE_E_CONTAINERD_DOWN', `the agent's containerd is not answering at ${socket}`, RUN_AGENT_HINT);
  }
  const images = await ctrListImages(socket);
  if (flags.output === 'json') {
    console.log(JSON.stringify(images, null, 2));
    return;
  }
  const width = Math.max(5, ...images.map((i) => i.name.length));
  console.log(`${'IMAGE'.padEnd(width)}  DIGEST`);
  for (const i of images) console.log(`${i.name.padEnd(width)}  ${i.digest.slice(0, 19)}`);
}

export function registerImagesCommand(program: Command): void {
  const images = program.command('images').description('import and list container images (no registry needed)');
  images.command('import')
    .description('copy image archives into DATA_DIR/images and import them into the agent\'s containerd if it runs')
    .argument('<tar...>', 'OCI image archives or docker save archives')
    .option('--data-dir <dir>', 'state directory', DEFAULT_DATA_DIR)
    .action((files: string[], flags: ImportFlags) => runImport(files, flags));
  images.command('list')
    .description('list the images the node agent can run (containerd namespace k8s.io)')
    .option('--data-dir <dir>', 'state directory', DEFAULT_DATA_DIR)
    .option('-o, --output <format>', 'table or json', 'table')
    .action((flags: ListFlags) => runList(flags));
}
