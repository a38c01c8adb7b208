/**
 * Builds a small OCI image archive from the host's static busybox (Debian `busybox-static`), with no
 * registry and no network: the pause image the CRI needs (`sandbox_image`) and the images tests run.
 * Same content as the `build` function in shared/notes/runtime-on-debian.md: /bin/busybox, one
 * symlink per applet, /etc/passwd, /etc/group, /tmp (1777). Everything is deterministic — sorted
 * names, mtime 0, uid/gid 0, gzip without name or time — so equal inputs give equal digests.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { writeTar, type TarEntry } from './tar.js';

const execFileP = promisify(execFile);

/** The CRI's default sandbox image in containerd 1.6; we import a local one under this name. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.6';
export const PAUSE_SPEC = { ref: PAUSE_IMAGE, entrypoint: ['/bin/sleep'], cmd: ['infinity'] } as const;

export interface OciImageSpec {
  /** Full image name, e.g. `docker.io/library/busybox:1.35`; ctr import uses it as the image name. */
  ref: string;
  entrypoint?: readonly string[];
  cmd?: readonly string[];
  /** Path of the static busybox binary; `/bin/busybox` by default. */
  busybox?: string;
}

const BUSYBOX_HINT = 'apt-get install -y busybox-static';
const ARCH: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', riscv64: 'riscv64', ppc64: 'ppc64le' };

/** True if the ELF file has a PT_INTERP program header, i.e. needs a dynamic loader the image lacks. */
function isDynamicElf(b: Buffer): boolean {
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = b[4] === 2, le = b[5] === 1;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const phoff = is64 ? Number(le ? b.readBigUInt64LE(0x20) : b.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a), phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 4 <= b.length && u32(o) === 3 /* PT_INTERP */) return true;
  }
  return false;
}

async function readBusybox(path: string): Promise<{ bin: Buffer; applets: string[] }> {
  let bin: Buffer;
  try {
    bin = await readFile(path);
  } catch {
    throw new Error(`${path} not found: the image builder needs a static busybox; install it with: ${BUSYBOX_HINT}`);
  }
  if (isDynamicElf(bin)) throw new Error(`${path} is dynamically linked and cannot run inside an image; install the static one with: ${BUSYBOX_HINT}`);
  const { stdout } = await execFileP(path, ['--list']);
  const applets = stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '' && s !== 'busybox' && !s.includes('/'));
  return { bin, applets: [...new Set(applets)] };
}

function layerEntries(bin: Buffer, applets: string[]): TarEntry[] {
  const text = (s: string) => Buffer.from(s, 'utf8');
  const entries: TarEntry[] = [
    { type: 'dir', name: 'bin' }, { type: 'dir', name: 'dev' }, { type: 'dir', name: 'etc' },
    { type: 'dir', name: 'proc' }, { type: 'dir', name: 'root', mode: 0o700 }, { type: 'dir', name: 'sys' },
    { type: 'dir', name: 'tmp', mode: 0o1777 },
    { type: 'file', name: 'bin/busybox', mode: 0o755, data: bin },
    { type: 'file', name: 'etc/group', data: text('root:x:0:\n') },
    { type: 'file', name: 'etc/passwd', data: text('root:x:0:0:root:/root:/bin/sh\n') },
    ...applets.map((a): TarEntry => ({ type: 'symlink', name: `bin/${a}`, target: 'busybox' })),
  ];
  // Byte-wise sort by the name as written (directories carry a trailing slash), like tar --sort=name.
  const key = (e: TarEntry) => (e.type === 'dir' ? `${e.name}/` : e.name);
  return entries.sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Builds the OCI image archive (a tar of oci-layout, index.json and blobs/) in memory. */
export async function buildBusyboxOci(spec: OciImageSpec): Promise<Buffer> {
  const arch = ARCH[process.arch];
  if (!arch) throw new Error(`unsupported architecture for the image builder: ${process.arch}`);
  const { bin, applets } = await readBusybox(spec.busybox ?? '/bin/busybox');
  const layerTar = writeTar(layerEntries(bin, applets));
  const layer = gzipSync(layerTar, { level: 9 }); // zlib writes mtime 0 and no file name
  const cfg: Record<string, unknown> = { Env: ['PATH=/bin'] };
  if (spec.entrypoint) cfg.Entrypoint = [...spec.entrypoint];
  cfg.Cmd = spec.cmd ? [...spec.cmd] : spec.entrypoint ? [] : ['/bin/sh'];
  const config = Buffer.from(JSON.stringify({
    architecture: arch, os: 'linux', config: cfg, rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(layerTar)}`] },
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha256(layer)}`, size: layer.length }],
  }));
  // The tag after the last ':' that follows the last '/' (a registry port is not a tag).
  const colon = spec.ref.lastIndexOf(':');
  const tag = colon > spec.ref.lastIndexOf('/') ? spec.ref.slice(colon + 1) : 'latest';
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length,
      annotations: { 'io.containerd.image.name': spec.ref, 'org.opencontainers.image.ref.name': tag },
    }],
  }));
  const blobs = [layer, config, manifest]
    .map((data) => ({ name: `blobs/sha256/${sha256(data)}`, data }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return writeTar([
    { type: 'file', name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    { type: 'file', name: 'index.json', data: index },
    { type: 'dir', name: 'blobs' },
    { type: 'dir', name: 'blobs/sha256' },
    ...blobs.map((b): TarEntry => ({ type: 'file', ...b })),
  ]);
}

/** Builds the archive and writes it to `file` atomically (temp file + rename in the same dir). */
export async function writeBusyboxOci(file: string, spec: OciImageSpec): Promise<void> {
  const data = await buildBusyboxOci(spec);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
