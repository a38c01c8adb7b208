/** REST paths and query strings of the Kubernetes API, built from a group/version/plural reference. */

/** Which collection a call addresses; `namespace` is left out for cluster-scoped resources or all namespaces. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespace?: string;
}

const seg = (s: string) => encodeURIComponent(s);

export function resourcePath(ref: ResourceRef, name?: string, subresource?: string): string {
  let p = ref.group ? `/apis/${seg(ref.group)}/${seg(ref.version)}` : `/api/${seg(ref.version)}`;
  if (ref.namespace) p += `/namespaces/${seg(ref.namespace)}`;
  p += `/${seg(ref.plural)}`;
  if (name !== undefined) {
    if (!name) throw new Error(`${ref.plural}: a name is required`);
    p += `/${seg(name)}`;
  }
  if (subresource) p += `/${seg(subresource)}`;
  return p;
}

/** Appends the defined, non-empty options as query parameters. */
export function withQuery(p: string, q: Record<string, string | number | boolean | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `${p}?${s}` : p;
}
