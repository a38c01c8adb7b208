/**
 * Image pulls for a container (upstream `images.imageManager`):
 * - `imagePullPolicy`: Always pulls every time a container starts; IfNotPresent pulls only when the
 *   CRI does not have the image; Never fails with ErrImageNeverPull when it is missing (air-gapped
 *   nodes load images with `kite images import` or `DIR/images/*.tar`);
 * - credentials from the pod's `imagePullSecrets` (`.dockerconfigjson` / `.dockercfg`) whose
 *   registry matches the image; each match is tried in turn, then an anonymous pull;
 * - a failed pull is ErrImagePull; retries wait 10 s doubling to 5 min (ImagePullBackOff).
 */
import type { Container, Pod, Secret } from '../../api/registry/core-types.js';
import type { EventRecorder } from '../../controllers/index.js';
import type { ImageService } from '../cri/index.js';
import type { RestartBackoff } from './restart-backoff.js';

export class ImageError extends Error {
  constructor(readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName', message: string) { super(message); }
}

type Auth = { username?: string; password?: string; auth?: string; serverAddress?: string };

/** The registry host and repository path of an image reference, docker.io for bare names. */
export function imageRegistry(image: string): { host: string; path: string } {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.indexOf('/');
  const first = slash < 0 ? '' : noDigest.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const rest = isHost ? noDigest.slice(slash + 1) : noDigest;
  const repo = rest.replace(/:[^/]*$/, '');
  const host = isHost ? first : 'docker.io';
  return { host, path: host === 'docker.io' && !repo.includes('/') ? `library/${repo}` : repo };
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Registry credentials for `image` from dockerconfigjson/dockercfg secrets, most specific key first. */
export function credentialsFor(image: string, secrets: Secret[]): Auth[] {
  const { host, path } = imageRegistry(image);
  const found: Array<{ len: number; auth: Auth }> = [];
  for (const s of secrets) {
    const raw = s.data?.['.dockerconfigjson'] ?? s.data?.['.dockercfg'];
    if (!raw) continue;
    let parsed: Record<string, unknown>;
    try { parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<string, unknown>; } catch { continue; }
    const auths = (s.data?.['.dockerconfigjson'] ? parsed.auths : parsed) as Record<string, Auth & { email?: string }> | undefined;
    for (const [key, a] of Object.entries(auths ?? {})) {
      const k = key.replace(/^https?:\/\//, '').replace(/\/v[12]\/?$/, '').replace(/\/$/, '');
      const [kHost, ...kPath] = k.split('/');
      const sameHost = kHost === host || (DOCKER_HUB.has(kHost ?? '') && DOCKER_HUB.has(host));
      const prefix = kPath.join('/');
      if (!sameHost || (prefix && path !== prefix && !path.startsWith(`${prefix}/`))) continue;
      const auth: Auth = { serverAddress: host };
      if (a.username) auth.username = a.username;
      if (a.password) auth.password = a.password;
      if (a.auth) auth.auth = a.auth;
      found.push({ len: k.length, auth });
    }
  }
  return found.sort((x, y) => y.len - x.len).map((f) => f.auth);
}

export interface ImageDeps {
  images: Pick<ImageService, 'imageStatus' | 'pullImage'>;
  recorder: EventRecorder;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  backoff: RestartBackoff;
  now(): number;
}

const pullPolicy = (c: Container) =>
  c.imagePullPolicy ?? (/:[^/]+$/.test(c.image ?? '') && !(c.image ?? '').endsWith(':latest') ? 'IfNotPresent' : 'Always');

/** Makes the container's image present; resolves with the image ref. Throws `ImageError`. */
export async function ensureImage(d: ImageDeps, pod: Pod, c: Container): Promise<string> {
  const image = c.image ?? '';
  if (!image) throw new ImageError('InvalidImageName', `container ${c.name} has no image`);
  const policy = pullPolicy(c);
  if (policy !== 'Always') {
    const present = await d.images.imageStatus(image);
    if (present) {
      d.recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return present.id;
    }
    if (policy === 'Never') {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      d.recorder.event(pod, 'Warning', 'ErrImageNeverPull', msg);
      throw new ImageError('ErrImageNeverPull', msg);
    }
  }
  const key = `${pod.metadata.uid}/image:${image}`;
  const now = d.now();
  if (d.backoff.remainingSinceLast(key, now) > 0) {
    d.recorder.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
    throw new ImageError('ImagePullBackOff', `Back-off pulling image "${image}"`);
  }
  const ns = pod.metadata.namespace ?? '';
  const secrets = (await Promise.all((pod.spec.imagePullSecrets as Array<{ name?: string }> | undefined ?? [])
    .map((r) => d.secret(ns, r.name ?? '')))).filter((s): s is Secret => !!s);
  d.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const start = d.now();
  let lastErr: unknown;
  for (const auth of [...credentialsFor(image, secrets), undefined]) {
    try {
      const ref = await d.images.pullImage(image, auth);
      d.recorder.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${((d.now() - start) / 1000).toFixed(3)}s`);
      return ref;
    } catch (e) { lastErr = e; }
  }
  d.backoff.next(key, d.now());
  const msg = `Failed to pull image "${image}": ${lastErr instanceof Error ? lastErr.message : String(lastErr)}`;
  d.recorder.event(pod, 'Warning', 'Failed', msg);
  throw new ImageError('ErrImagePull', msg);
}
