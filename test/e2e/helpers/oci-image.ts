/**
 * Test images built at test time from the host's static busybox (apt `busybox-static`); no image
 * blobs are committed. A thin wrapper over src/agent/images/oci-build.ts, the same builder the agent
 * uses for its pause image. Import the result with `ctr -a SOCK -n k8s.io images import FILE` (the
 * CRI only sees namespace k8s.io) or `importImages()` from src/agent/images.
 *
 *   const tar = await buildBusyboxImage(dir, { ref: 'docker.io/library/busybox:1.35' });
 *   const pause = await buildPauseImage(dir);   // registry.k8s.io/pause:3.6, /bin/sleep infinity
 */
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { PAUSE_IMAGE, PAUSE_SPEC, writeBusyboxOci } from '../../../src/agent/images/oci-build.js';

export { PAUSE_IMAGE };

export interface BusyboxImageOptions {
  /** Full image name, e.g. `docker.io/library/busybox:1.35` or `localhost/web:v1`. */
  ref: string;
  /** Image Entrypoint (omitted when unset). */
  entrypoint?: string[];
  /** Image Cmd; defaults to `["/bin/sh"]` when neither entrypoint nor cmd is given. */
  cmd?: string[];
}

/** Writes an OCI archive for `ref` into `dir` and returns its path (`dir/<ref with / and : as _>.tar`). */
export async function buildBusyboxImage(dir: string, o: BusyboxImageOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${o.ref.replace(/[/:@]/g, '_')}.tar`);
  await writeBusyboxOci(file, { ref: o.ref, entrypoint: o.entrypoint, cmd: o.cmd });
  return file;
}

/** The pause image the agent's containerd uses as `sandbox_image`: busybox `sleep infinity`. */
export async function buildPauseImage(dir: string): Promise<string> {
  return buildBusyboxImage(dir, { ref: PAUSE_SPEC.ref, entrypoint: [...PAUSE_SPEC.entrypoint], cmd: [...PAUSE_SPEC.cmd] });
}
