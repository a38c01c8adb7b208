/**
 * The only file I/O the cgroup code does, behind a small interface so unit tests can run the v1 and
 * v2 drivers against a plain temp-dir tree without root. The real layer is `node:fs/promises`; a
 * cgroup directory is removed with a bare rmdir, which the kernel allows while it still lists its
 * control files (a fake must emulate that, see the unit tests' fake-fs).
 */
import { mkdir, readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';

export interface CgroupFs {
  /** The file's text; rejects with the errno (ENOENT, …) as `code`. */
  read(path: string): Promise<string>;
  /** Writes one value; a cgroup control file takes one write per value. */
  write(path: string, data: string): Promise<void>;
  /** mkdir -p; an existing directory is fine. */
  mkdir(path: string): Promise<void>;
  /** Removes one empty cgroup (no child cgroups, no tasks); rejects with ENOENT/EBUSY/ENOTEMPTY. */
  rmdir(path: string): Promise<void>;
  /** Names of the child directories; [] when `path` does not exist. */
  subdirs(path: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
}

export const realCgroupFs: CgroupFs = {
  read: (p) => readFile(p, 'utf8'),
  write: (p, data) => writeFile(p, data),
  mkdir: async (p) => { await mkdir(p, { recursive: true }); },
  rmdir: (p) => rmdir(p),
  async subdirs(p) {
    try {
      return (await readdir(p, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  },
  exists: (p) => stat(p).then(() => true, () => false),
};

export const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
