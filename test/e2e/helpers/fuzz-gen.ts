/**
 * Random API requests for the fuzz test: valid requests (every verb, many resources, subresources,
 * patch types, discovery) that are then mutated — garbled paths, truncated or bit-flipped bodies,
 * type-confused fields, deep nesting, random content types, protobuf noise and random query options.
 *
 * Each request is generated from its own PRNG stream (seed, index), so one failing request can be
 * reproduced alone. Two kinds of requests are never produced, so the test can check seeded objects:
 * anything naming the `SAFE_NAMESPACE`, and DELETE on a collection outside a namespace (a
 * deletecollection of all namespaces or of a resource across namespaces would remove the seeds).
 * Watches always carry `timeoutSeconds=1` and logs are never followed, so no request can hang.
 */

export const SAFE_NAMESPACE = 'fuzz-seed';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export type Rng = () => number;

/** mulberry32: small, fast, good enough to drive a fuzzer. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;

const NAMESPACES = ['fuzz', 'default', 'fuzz-b', 'kube-system', 'nope'] as const;
const NAMES = ['a', 'b', 'web', 'fz-1', 'fz.2', 'x'] as const;
const ODD = ['', '..', '.', '%00', '%2F', '%zz', '%', 'Bad_Name', 'UPPER', '-a', 'a-', '~', 'a b', '%E2%82%AC', 'ü', '*', 'watch', 'status', 'x'.repeat(300), '{}', '[', '"'] as const;

type Obj = Record<string, unknown>;
interface Kind { path: string; namespaced: boolean; apiVersion: string; kind: string; body: (name: string) => Obj; subresources: string[] }

const podSpec = () => ({ containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }] });
const template = (app: string) => ({ metadata: { labels: { app } }, spec: podSpec() });
const KINDS: Kind[] = [
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'ConfigMap', body: () => ({ data: { a: '1', b: 'two' } }), subresources: [] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'Secret', body: () => ({ type: 'Opaque', data: { a: 'MQ==' }, stringData: { b: 'x' } }), subresources: [] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'Pod', body: () => ({ spec: podSpec() }), subresources: ['status', 'binding', 'eviction', 'log', 'ephemeralcontainers', 'exec', 'attach', 'portforward', 'proxy'] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'Service', body: () => ({ spec: { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 8080 }] } }), subresources: ['status', 'proxy'] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'ServiceAccount', body: () => ({}), subresources: ['token'] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'Event', body: (n) => ({ involvedObject: { kind: 'Pod', name: n, namespace: 'fuzz' }, reason: 'R', message: 'm', type: 'Normal' }), subresources: [] },
  { path: '/api/v1', namespaced: true, apiVersion: 'v1', kind: 'PersistentVolumeClaim', body: () => ({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }), subresources: ['status'] },
  { path: '/api/v1', namespaced: false, apiVersion: 'v1', kind: 'Namespace', body: () => ({}), subresources: ['status', 'finalize'] },
  { path: '/api/v1', namespaced: false, apiVersion: 'v1', kind: 'Node', body: () => ({ spec: { unschedulable: false } }), subresources: ['status', 'proxy'] },
  { path: '/apis/apps/v1', namespaced: true, apiVersion: 'apps/v1', kind: 'Deployment', body: (n) => ({ spec: { replicas: 2, selector: { matchLabels: { app: n } }, template: template(n) } }), subresources: ['status', 'scale'] },
  { path: '/apis/apps/v1', namespaced: true, apiVersion: 'apps/v1', kind: 'StatefulSet', body: (n) => ({ spec: { serviceName: n, selector: { matchLabels: { app: n } }, template: template(n) } }), subresources: ['status', 'scale'] },
  { path: '/apis/apps/v1', namespaced: true, apiVersion: 'apps/v1', kind: 'DaemonSet', body: (n) => ({ spec: { selector: { matchLabels: { app: n } }, template: template(n) } }), subresources: ['status'] },
  { path: '/apis/batch/v1', namespaced: true, apiVersion: 'batch/v1', kind: 'Job', body: () => ({ spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } }), subresources: ['status'] },
  { path: '/apis/batch/v1', namespaced: true, apiVersion: 'batch/v1', kind: 'CronJob', body: () => ({ spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } } }), subresources: ['status'] },
  { path: '/apis/coordination.k8s.io/v1', namespaced: true, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', body: () => ({ spec: { holderIdentity: 'h', leaseDurationSeconds: 10 } }), subresources: [] },
  { path: '/apis/rbac.authorization.k8s.io/v1', namespaced: true, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', body: () => ({ rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }), subresources: [] },
  { path: '/apis/rbac.authorization.k8s.io/v1', namespaced: false, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', body: () => ({ rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }), subresources: [] },
  { path: '/apis/policy/v1', namespaced: true, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', body: () => ({ spec: { minAvailable: 1, selector: { matchLabels: { app: 'a' } } } }), subresources: ['status'] },
  { path: '/apis/storage.k8s.io/v1', namespaced: false, apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', body: () => ({ provisioner: 'x.io/p' }), subresources: [] },
  { path: '/apis/discovery.k8s.io/v1', namespaced: true, apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', body: () => ({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] }), subresources: [] },
  {
    path: '/apis/apiextensions.k8s.io/v1', namespaced: false, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    body: () => ({ spec: { group: 'fuzz.example.com', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' }, scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }] } }),
    subresources: ['status'],
  },
  { path: '/apis/fuzz.example.com/v1', namespaced: true, apiVersion: 'fuzz.example.com/v1', kind: 'Widget', body: () => ({ spec: { size: 3 } }), subresources: ['status'] },
];

const plural = (k: Kind) => {
  const lower = k.kind.toLowerCase();
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : lower.endsWith('s') ? `${lower}es` : `${lower}s`;
};

const NON_RESOURCE = ['/', '/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/apis/fuzz.example.com/v1', '/version', '/openapi/v2', '/openapi/v3',
  '/openapi/v3/api/v1', '/openapi/v3/apis/apps/v1', '/healthz', '/livez', '/readyz', '/readyz/etcd', '/readyz?verbose', '/metrics', '/nope', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
  '/apis/authentication.k8s.io/v1/selfsubjectreviews'];

const CONTENT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/json-patch+json', 'application/merge-patch+json',
  'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/apply-patch+json', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'garbage', ';;;', 'application/JSON', ''];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const ACCEPTS = ['application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', 'application/vnd.kubernetes.protobuf',
  'application/yaml', '*/*', 'text/html', 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'garbage/;;'];

function randomString(r: Rng, max = 12): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-._~!$&\'()*+,;=:@/?#[]% "<>\\^`{|}\u00e9\u20ac\u0000\n';
  return Array.from({ length: int(r, max + 1) }, () => alphabet[int(r, alphabet.length)]).join('');
}

function randomScalar(r: Rng): unknown {
  return pick(r, [null, 0, -1, 1.5, 1e308, -2147483649, 2 ** 53 + 1, true, false, '', 'x', 'Bad_Name', '-1', '1Gi', '\u0000', 'x'.repeat(300), [], {}, [1, 'a', null], { a: { b: [] } }, randomString(r)]);
}

function queryFor(r: Rng, method: string): URLSearchParams {
  const q = new URLSearchParams();
  const n = int(r, 4);
  for (let i = 0; i < n; i++) {
    switch (int(r, 16)) {
      case 0: q.set('limit', pick(r, ['-1', '0', '1', '2', '500', 'abc', '1e99', '99999999999999999999', ''])); break;
      case 1: q.set('continue', pick(r, [randomString(r, 20), Buffer.from(JSON.stringify({ rv: randomScalar(r), start: randomScalar(r) })).toString('base64'), Buffer.from(randomString(r, 30)).toString('base64url'), 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJ4In0'])); break;
      case 2: q.set('labelSelector', pick(r, ['app=a', 'a in (b', 'a,b!=c', '!a', 'a notin (x,y)', 'a=b=c', 'a>1', randomString(r), 'x'.repeat(400), ''])); break;
      case 3: q.set('fieldSelector', pick(r, ['metadata.name=a', 'metadata.namespace!=x', 'spec.nodeName=n', 'status.phase=Running', 'nope=1', '==', randomString(r)])); break;
      case 4: q.set('resourceVersion', pick(r, ['0', '1', '-1', 'abc', '99999999', '1.5', '', String(int(r, 200))])); break;
      case 5: q.set('resourceVersionMatch', pick(r, ['Exact', 'NotOlderThan', 'Bogus'])); break;
      case 6: q.append('dryRun', pick(r, ['All', 'None', ''])); break;
      case 7: q.set('fieldManager', pick(r, ['m', 'x'.repeat(200), '\u0001', ''])); break;
      case 8: q.set('fieldValidation', pick(r, ['Strict', 'Warn', 'Ignore', 'Bogus', ''])); break;
      case 9: q.set('propagationPolicy', pick(r, ['Foreground', 'Background', 'Orphan', 'Sideways'])); break;
      case 10: q.set('gracePeriodSeconds', pick(r, ['0', '-1', '30', 'x', '1e9'])); break;
      case 11: q.set('force', pick(r, ['true', 'false', 'maybe'])); break;
      case 12: q.set('allowWatchBookmarks', pick(r, ['true', 'x'])); q.set('sendInitialEvents', pick(r, ['true', 'false'])); break;
      case 13: q.set('pretty', 'true'); q.set('includeObject', pick(r, ['Object', 'None', 'Metadata', 'x'])); break;
      case 14: q.set(randomString(r, 6), randomString(r, 6)); break;
      default: if (method === 'GET' && chance(r, 0.5)) q.set('watch', pick(r, ['true', '1', 'false', 'x'])); break;
    }
  }
  return q;
}

/** A patch body for the given patch type: sometimes sensible, sometimes not. */
function patchBody(r: Rng, type: string, kind: Kind, name: string): string {
  const obj = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, labels: { fz: String(int(r, 9)) } }, ...kind.body(name) };
  switch (type) {
    case 'application/json-patch+json': {
      const ops = Array.from({ length: 1 + int(r, 3) }, () => ({
        op: pick(r, ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']),
        path: pick(r, ['/metadata/labels/fz', '/data/a', '/spec/replicas', '/spec/template/spec/containers/0/image', '/spec/template/spec/containers/-', '/metadata/name', '/metadata', '', '/', '/~2', '/spec/x/y/z', '/data/a~1b', '/metadata/labels/0']),
        ...(chance(r, 0.7) ? { value: randomScalar(r) } : {}),
        ...(chance(r, 0.3) ? { from: pick(r, ['/data/b', '/metadata/labels', '/nope', '']) } : {}),
      }));
      return JSON.stringify(chance(r, 0.1) ? ops[0] : ops);
    }
    case 'application/strategic-merge-patch+json':
      return JSON.stringify(pick(r, [
        { metadata: { labels: { fz: null } } },
        { spec: { template: { spec: { containers: [{ name: 'c', $patch: pick(r, ['delete', 'replace', 'merge', 'bogus']) }] } } } },
        { spec: { template: { spec: { $setElementOrder: { containers: [{ name: 'z' }, { name: 'c' }] }, containers: [{ name: 'z', image: 'busybox' }] } } } },
        { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', $patch: 'delete' }], $deleteFromPrimitiveList: { args: ['x'] } }] } } } },
        { spec: { $retainKeys: ['replicas'], replicas: randomScalar(r) } },
        { $patch: 'replace', data: { z: '1' } },
        { data: randomScalar(r) },
        obj,
      ]));
    case 'application/apply-patch+yaml':
      return chance(r, 0.5) ? JSON.stringify(obj) : `apiVersion: ${kind.apiVersion}\nkind: ${kind.kind}\nmetadata:\n  name: ${name}\n  labels: {fz: "${int(r, 9)}"}\n${chance(r, 0.3) ? 'spec: [1, 2\n' : ''}`;
    default:
      return JSON.stringify(chance(r, 0.7) ? { metadata: { labels: { fz: String(int(r, 9)) } }, data: { a: randomScalar(r) } } : randomScalar(r));
  }
}

/** Replace a random value somewhere in `o` with a value of a random type. */
function confuseType(r: Rng, o: unknown): unknown {
  if (o === null || typeof o !== 'object' || chance(r, 0.15)) return randomScalar(r);
  const keys = Object.keys(o as Obj);
  if (!keys.length) return randomScalar(r);
  const k = pick(r, keys);
  const copy: Obj = Array.isArray(o) ? ([...o] as unknown as Obj) : { ...(o as Obj) };
  copy[k] = confuseType(r, copy[k]);
  return copy;
}

const parseOr = (text: string): unknown => { try { return JSON.parse(text); } catch { return text; } };

function deepNest(r: Rng): string {
  const depth = pick(r, [200, 2000, 20000, 100000]);
  return chance(r, 0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Body-level mutations of an encoded body. */
function mutateBytes(r: Rng, b: Buffer): Buffer {
  switch (int(r, 5)) {
    case 0: return b.subarray(0, int(r, b.length + 1));
    case 1: {
      const c = Buffer.from(b);
      for (let i = 1 + int(r, 4); i > 0 && c.length; i--) c[int(r, c.length)]! ^= 1 << int(r, 8);
      return c;
    }
    case 2: {
      const at = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => int(r, 256))), b.subarray(at)]);
    }
    case 3: return Buffer.concat([Buffer.from('k8s\0'), Buffer.from(Array.from({ length: int(r, 200) }, () => int(r, 256)))]);
    default: return Buffer.from(b.toString('utf8').replace(/"[a-z]+":/, (m) => `${m}1,${m}`)); // duplicate key
  }
}

function garblePath(r: Rng, path: string): string {
  const [p, q] = path.split('?', 2) as [string, string | undefined];
  const segs = p.split('/');
  const i = 1 + int(r, Math.max(1, segs.length - 1));
  switch (int(r, 5)) {
    case 0: segs.splice(i, 1); break;
    case 1: segs.splice(i, 0, pick(r, ODD)); break;
    case 2: segs[i] = pick(r, ODD); break;
    case 3: segs.splice(i, 0, segs[i] ?? 'x'); break;
    default: segs.push(pick(r, [...ODD, 'status', 'scale', 'log', 'a', 'b'])); break;
  }
  return segs.join('/') + (q === undefined ? '' : `?${q}`);
}

/** Printable-ASCII path as Node's client requires; other bytes are percent-encoded. */
const safePath = (p: string) => p.replace(/[^\x21-\x7e]/g, (ch) => encodeURIComponent(ch));

function basePath(r: Rng, kind: Kind, ns: string, name: string | undefined, sub: string | undefined): string {
  let p = kind.path;
  if (kind.namespaced && chance(r, 0.95)) p += `/namespaces/${ns}`;
  p += `/${plural(kind)}`;
  if (name !== undefined) p += `/${name}`;
  if (name !== undefined && sub) p += `/${sub}`;
  return p;
}

export function generateRequest(seed: number, index: number): FuzzRequest {
  const r = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const kind = pick(r, KINDS);
  const ns = pick(r, NAMESPACES);
  const name = chance(r, 0.9) ? pick(r, NAMES) : pick(r, ODD);
  let method = pick(r, ['GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'DELETE']);
  const headers: Record<string, string> = {};
  let path: string;
  let body: Buffer | undefined;
  const obj = (): Obj => ({ apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, ...(chance(r, 0.3) ? { labels: { app: 'a' } } : {}) }, ...kind.body(name) });

  if (chance(r, 0.08)) {
    path = pick(r, NON_RESOURCE);
    if (path.endsWith('reviews')) { method = 'POST'; body = Buffer.from(JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } })); }
  } else {
    const sub = kind.subresources.length && chance(r, 0.2) ? pick(r, kind.subresources) : undefined;
    switch (method) {
      case 'GET': path = basePath(r, kind, ns, chance(r, 0.5) ? name : undefined, sub); break;
      case 'POST': path = basePath(r, kind, ns, sub ? name : undefined, sub); body = Buffer.from(JSON.stringify(sub === 'eviction' ? { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } } : obj())); headers['Content-Type'] = 'application/json'; break;
      case 'PUT': path = basePath(r, kind, ns, name, sub); body = Buffer.from(JSON.stringify({ ...obj(), metadata: { name, resourceVersion: pick(r, ['1', '2', '50', undefined]) } })); headers['Content-Type'] = 'application/json'; break;
      case 'PATCH': {
        path = basePath(r, kind, ns, name, sub);
        const type = pick(r, PATCH_TYPES);
        headers['Content-Type'] = type;
        body = Buffer.from(patchBody(r, type, kind, name));
        if (type === 'application/apply-patch+yaml') path += `?fieldManager=fz${chance(r, 0.5) ? '&force=true' : ''}`;
        break;
      }
      default: path = basePath(r, kind, ns, chance(r, 0.8) ? name : undefined, undefined); break;
    }
  }

  // Mutations.
  if (chance(r, 0.15)) method = pick(r, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']);
  if (chance(r, 0.3)) path = garblePath(r, path);
  const q = queryFor(r, method);
  if (body && chance(r, 0.25)) body = Buffer.from(JSON.stringify(confuseType(r, parseOr(body.toString('utf8')))));
  if (body && chance(r, 0.3)) body = mutateBytes(r, body);
  if (chance(r, 0.04)) body = Buffer.from(JSON.stringify({ apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name }, spec: 0 }).replace('0', deepNest(r)));
  if (chance(r, 0.02)) body = Buffer.from(JSON.stringify({ apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name }, data: { a: 'x'.repeat(pick(r, [1 << 20, 3 << 20, (3 << 20) + 1])) } }));
  if (!body && chance(r, 0.05)) body = Buffer.from(randomString(r, 40));
  if (chance(r, 0.2)) headers['Content-Type'] = pick(r, CONTENT_TYPES);
  if (headers['Content-Type'] === 'application/vnd.kubernetes.protobuf' && chance(r, 0.7)) body = mutateBytes(r, Buffer.from('k8s\0'));
  if (headers['Content-Type'] === '') delete headers['Content-Type'];
  if (chance(r, 0.2)) headers.Accept = pick(r, ACCEPTS);

  const qs = q.toString();
  if (qs) path += (path.includes('?') ? '&' : '?') + qs;
  path = makeSafe(path);
  if (isUnsafe(method, path)) method = 'GET';
  return { method, path, headers, ...(body ? { body } : {}) };
}

/** Enforces the invariants in the module comment on the final request line. */
function makeSafe(rawPath: string): string {
  let path = safePath(rawPath);
  if (path.includes(SAFE_NAMESPACE)) path = path.split(SAFE_NAMESPACE).join('fuzz');
  const [p, q = ''] = path.split('?', 2) as [string, string?];
  let decoded: string;
  try { decoded = decodeURIComponent(path).toLowerCase(); } catch { decoded = path.toLowerCase(); }
  const params = new URLSearchParams(q);
  params.delete('follow');
  if (decoded.includes('watch')) { params.delete('timeoutSeconds'); params.append('timeoutSeconds', '1'); }
  const qs = params.toString();
  return qs ? `${p}?${qs}` : p;
}

/**
 * A DELETE on a collection outside any namespace (all namespaces, or one resource across all of
 * them) would take the seeds with it. The path is normalised as the server's WHATWG URL parser does
 * (`..`, `%2e%2e`), then split before decoding, as the server does.
 */
function isUnsafe(method: string, path: string): boolean {
  if (method !== 'DELETE') return false;
  // `//host/...` parses as an authority under `new URL(path, base)`; judge both readings.
  const readings = [() => new URL(path, 'https://kite'), () => new URL(`https://kite${path}`)];
  return readings.some((read) => {
    let pathname: string;
    try { pathname = read().pathname; } catch { return false; }
    const segs = pathname.split('/').filter(Boolean);
    const rest = segs.slice(segs[0] === 'api' ? 2 : 3);
    return rest.length <= 1; // a collection (or less) outside any namespace
  });
}
