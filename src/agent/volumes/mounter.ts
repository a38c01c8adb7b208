/**
 * The one privileged operation volumes need: tmpfs mounts for `emptyDir.medium: Memory` (root
 * only). Behind an interface so unit tests run without root. `mount`/`umount` come from util-linux.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Mounter {
  /** Mounts a tmpfs of `sizeBytes` (0: the kernel's default, half of RAM) on `dir`, unless one is there. */
  mountTmpfs(dir: string, sizeBytes: number): Promise<void>;
  /** Unmounts every mount at or below `dir`, deepest first. */
  unmountUnder(dir: string): Promise<void>;
}

/** Mount points from /proc/self/mountinfo (field 5; octal escapes such as \040 decoded). */
async function mountPoints(): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').filter(Boolean)
    .map((l) => (l.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

export const hostMounter: Mounter = {
  async mountTmpfs(dir, sizeBytes) {
    if ((await mountPoints()).includes(dir)) return;
    const opts = sizeBytes > 0 ? ['-o', `size=${sizeBytes}`] : [];
    await run('mount', ['-t', 'tmpfs', ...opts, 'tmpfs', dir]);
  },
  async unmountUnder(dir) {
    const under = (await mountPoints()).filter((m) => m === dir || m.startsWith(`${dir}/`));
    for (const m of under.sort((a, b) => b.length - a.length)) await run('umount', [m]);
  },
};
