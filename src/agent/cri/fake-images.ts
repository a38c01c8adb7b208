/**
 * The fake CRI's image store: names normalised the way containerd's CRI does
 * (`busybox` → `docker.io/library/busybox:latest`), ids derived from the name so tests are
 * deterministic, and an injectable "registry" deciding which refs a pull can fetch.
 */
import { createHash } from 'node:crypto';
import { CriError } from './errors.js';
import { normalizeImageRef } from './image-ref.js';
import type { Image, ImageService } from './types.js';

const idFor = (ref: string) => `sha256:${createHash('sha256').update(ref).digest('hex')}`;

export interface FakeImages extends ImageService {
  /** The image behind a container's `image` field, or undefined when not present locally. */
  resolve(ref: string): Image | undefined;
}

export function createFakeImages(o: { images?: string[]; pullable?: (ref: string) => boolean }): FakeImages {
  const byId = new Map<string, Image>();
  const add = (ref: string): Image => {
    const name = normalizeImageRef(ref);
    const existing = resolve(name);
    if (existing) return existing;
    const img: Image = { id: idFor(name), repoTags: [name], repoDigests: [], size: 1_000_000 };
    byId.set(img.id, img);
    return img;
  };
  const resolve = (ref: string): Image | undefined => {
    const name = normalizeImageRef(ref);
    if (byId.has(name)) return byId.get(name);
    for (const img of byId.values()) if (img.repoTags.includes(name) || img.repoDigests.includes(name)) return img;
    return undefined;
  };
  for (const ref of o.images ?? []) add(ref);

  return {
    resolve,
    async listImages() { return [...byId.values()].map((i) => structuredClone(i)); },
    async imageStatus(ref) {
      const img = resolve(ref);
      return img && structuredClone(img);
    },
    async pullImage(ref) {
      if (o.pullable && !o.pullable(normalizeImageRef(ref))) {
        // containerd reports a failed resolve as UNKNOWN with the resolver's message.
        throw new CriError('UNKNOWN', `failed to pull and unpack image "${normalizeImageRef(ref)}": not found`, 'PullImage');
      }
      return add(ref).id;
    },
    async removeImage(ref) {
      const img = resolve(ref);
      if (img) byId.delete(img.id); // idempotent, as the CRI requires
    },
    async imageFsInfo() {
      const imgs = [...byId.values()];
      return [{ mountpoint: '/fake/images', usedBytes: imgs.reduce((n, i) => n + i.size, 0), inodesUsed: imgs.length }];
    },
  };
}
