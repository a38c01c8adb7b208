/**
 * Image tooling through `ctr` (containerd's CLI), always in namespace k8s.io: the CRI sees images
 * only there. Pods use the CRI; import and listing are operator tooling, where ctr is the simple,
 * supported path (it streams the archive into containerd's content store and unpacks it).
 */
import { execFile } from 'node:child_process';
import { runtimePath } from '../containerd/binaries.js';

export const CRI_NAMESPACE = 'k8s.io';

export interface ImageRecord { name: string; digest: string; mediaType: string }

function ctr(socket: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ctr', ['-a', socket, '-n', CRI_NAMESPACE, ...args], {
      maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PATH: runtimePath(process.env.PATH) },
    }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const last = String(stderr).trim().split('\n').pop()?.replace(/^ctr: /, '') || err.message;
      const e = (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? new Error('ctr not found; install it with: apt-get install -y containerd')
        : new Error(`ctr ${args.slice(0, 2).join(' ')}: ${last}`);
      reject(e);
    });
  });
}

/** Imports one OCI or docker archive; returns the image names it created or updated. */
export async function ctrImport(socket: string, file: string): Promise<string[]> {
  const out = await ctr(socket, ['images', 'import', '--all-platforms', file]);
  // ctr prints "unpacking <name> (<digest>)...done" once per image.
  return [...out.matchAll(/^unpacking (\S+) \(sha256:[0-9a-f]+\)/gm)].map((m) => m[1]!);
}

/**
 * Named images in k8s.io. The CRI also adds a `sha256:<config digest>` reference per image (its
 * image id); those are left out.
 */
export async function ctrListImages(socket: string): Promise<ImageRecord[]> {
  const out = await ctr(socket, ['images', 'ls']);
  const rows: ImageRecord[] = [];
  for (const line of out.split('\n').slice(1)) {
    const [name, mediaType, digest] = line.trim().split(/\s+/);
    if (!name || !digest || name.startsWith('sha256:')) continue;
    rows.push({ name, digest, mediaType: mediaType ?? '' });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
