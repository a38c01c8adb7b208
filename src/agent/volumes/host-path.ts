/**
 * hostPath volumes (upstream `hostpath` plugin): the path on the node, checked against `type`:
 * '' (no check), DirectoryOrCreate (mkdir -p, 0755), Directory, FileOrCreate (empty file, 0644),
 * File, Socket, CharDevice, BlockDevice.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MountError } from './sources.js';

export async function hostPathVolume(src: { path: string; type?: string }): Promise<string> {
  const p = src.path;
  const st = await stat(p).catch(() => undefined);
  const fail = (what: string) => { throw new MountError(`hostPath type check failed: ${p} is not a ${what}`); };
  switch (src.type ?? '') {
    case '': break;
    case 'DirectoryOrCreate':
      if (!st) await mkdir(p, { recursive: true, mode: 0o755 });
      else if (!st.isDirectory()) fail('directory');
      break;
    case 'Directory': if (!st?.isDirectory()) fail('directory'); break;
    case 'FileOrCreate':
      if (!st) {
        await mkdir(dirname(p), { recursive: true, mode: 0o755 });
        await (await open(p, 'a', 0o644)).close();
      } else if (!st.isFile()) fail('file');
      break;
    case 'File': if (!st?.isFile()) fail('file'); break;
    case 'Socket': if (!st?.isSocket()) fail('socket'); break;
    case 'CharDevice': if (!st?.isCharacterDevice()) fail('character device'); break;
    case 'BlockDevice': if (!st?.isBlockDevice()) fail('block device'); break;
    default: throw new MountError(`hostPath type ${src.type} is not supported`);
  }
  return p;
}
