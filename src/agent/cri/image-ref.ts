/**
 * Image names as containerd's CRI stores them: `busybox` → `docker.io/library/busybox:latest`,
 * `me/app:v1` → `docker.io/me/app:v1`, `localhost:5000/x` → `localhost:5000/x:latest`. Lets callers
 * match a pod's `image` against `Image.repoTags` without a round trip to the runtime.
 */
/** Docker-style reference normalisation (ids `sha256:…` pass through unchanged). */
export function normalizeImageRef(ref: string): string {
  if (ref.startsWith('sha256:')) return ref;
  const [namePart, digest] = ref.split('@') as [string, string | undefined];
  const slash = namePart.indexOf('/');
  const first = slash < 0 ? '' : namePart.slice(0, slash);
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  let name = hasDomain ? namePart : `docker.io/${namePart}`;
  if (!hasDomain && slash < 0) name = `docker.io/library/${namePart}`;
  if (digest) return `${name}@${digest}`;
  return /:[^/]+$/.test(name) ? name : `${name}:latest`;
}

