/**
 * Issue 2, "Bad input": each malformed request gets the right Status code and reason, a message that
 * names the problem, and stores nothing. Raw HTTPS, because kubectl refuses to send most of these.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';
import { rawClient, type RawClient, type RawResponse } from './helpers/raw.js';

const JSON_CT = { 'Content-Type': 'application/json' };
const NS = 'bad-input';
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
const DEPLOYS = `/apis/apps/v1/namespaces/${NS}/deployments`;

const cm = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });

const deploy = (name: string, specExtra: Record<string, unknown> = {}) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    ...specExtra,
  },
});

/** Asserts a failure Status: HTTP code = Status.code, the reason, and a message matching `message`. */
function assertStatus(r: RawResponse, code: number, reason: string, message: RegExp): void {
  const ctx = `${r.status} ${r.text.slice(0, 500)}`;
  assert.equal(r.status, code, ctx);
  assert.equal(r.json?.kind, 'Status', ctx);
  assert.equal(r.json.status, 'Failure', ctx);
  assert.equal(r.json.code, code, ctx);
  assert.equal(r.json.reason, reason, ctx);
  assert.match(r.json.message, message, ctx);
}

describe('bad input gets a precise Status and stores nothing', () => {
  let c: TestCluster;
  let raw: RawClient;
  const names = async (path: string) => ((await raw.request('GET', path)).json.items as Array<{ metadata: { name: string } }>).map((o) => o.metadata.name).sort();
  const get = (path: string) => raw.request('GET', path);
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = JSON_CT) => raw.request('POST', path, { body, headers });

  before(async () => {
    c = await startCluster();
    raw = await rawClient(c.kubeconfig);
    assert.equal((await post('/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }))).status, 201);
    assert.equal((await post(CMS, cm('keep'))).status, 201);
  });
  after(async () => { raw?.close(); await c?.stop(); });

  it('malformed JSON body is 400 BadRequest naming the JSON error', async () => {
    assertStatus(await post(CMS, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"mj"'), 400, 'BadRequest', /JSON/i);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('malformed YAML body (application/yaml) is 400 BadRequest naming the YAML error', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: my\n  data: [';
    assertStatus(await post(CMS, yaml, { 'Content-Type': 'application/yaml' }), 400, 'BadRequest', /YAML/i);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('a wrong apiVersion or kind for the URL is 400 naming both versions or kinds', async () => {
    assertStatus(await post(CMS, cm('wv', { apiVersion: 'apps/v1' })), 400, 'BadRequest', /apps\/v1.*\bv1\b/);
    assertStatus(await post(CMS, cm('wk', { kind: 'Secret' })), 400, 'BadRequest', /Secret.*ConfigMap/);
    assertStatus(await post(DEPLOYS, deploy('wd').replace('"apps/v1"', '"v1"')), 400, 'BadRequest', /\bv1\b.*apps\/v1/);
    assert.deepEqual(await names(CMS), ['keep']);
    assert.deepEqual(await names(DEPLOYS), []);
  });

  it('a name that is not DNS-1123 is 422 Invalid with a metadata.name cause', async () => {
    const r = await post(CMS, cm('Bad_Name'));
    assertStatus(r, 422, 'Invalid', /Bad_Name.*RFC 1123/);
    const causes = r.json.details?.causes as Array<{ field: string; reason: string }>;
    assert.ok(causes?.some((x) => x.field === 'metadata.name' && x.reason === 'FieldValueInvalid'), JSON.stringify(r.json.details));
    assert.equal(r.json.details.name, 'Bad_Name');
    assert.equal(r.json.details.kind, 'ConfigMap');
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('a body over 3 MiB is 413 RequestEntityTooLarge, with or without Content-Length', async () => {
    const big = cm('big', { data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    assertStatus(await post(CMS, big), 413, 'RequestEntityTooLarge', /too large/);
    // Chunked: the server can only tell once it has read past the limit.
    const chunked = await raw.request('POST', CMS, { body: big, headers: JSON_CT, chunked: true })
      .catch((e: Error) => ({ status: -1, text: e.message, headers: {}, json: undefined }) as RawResponse);
    assertStatus(chunked, 413, 'RequestEntityTooLarge', /too large/);
    assert.deepEqual(await names(CMS), ['keep']);
    assert.equal((await get('/readyz')).text, 'ok');
  });

  it('an unknown field is 400 with fieldValidation=Strict and 201 plus a Warning with Warn', async () => {
    assertStatus(await post(`${DEPLOYS}?fieldValidation=Strict`, deploy('strict', { foo: 1 })), 400, 'BadRequest', /unknown field "spec\.foo"/);
    assert.deepEqual(await names(DEPLOYS), []);
    const warn = await post(`${DEPLOYS}?fieldValidation=Warn`, deploy('warn', { foo: 1 }));
    assert.equal(warn.status, 201, warn.text);
    assert.match(String(warn.headers.warning), /^299 - ".*unknown field \\"spec\.foo\\"/);
    assert.equal(warn.json.spec.foo, undefined, 'the unknown field is dropped, not stored');
    const ignore = await post(`${DEPLOYS}?fieldValidation=Ignore`, deploy('ignore', { foo: 1 }));
    assert.equal(ignore.status, 201, ignore.text);
    assert.equal(ignore.headers.warning, undefined);
    assert.equal(ignore.json.spec.foo, undefined, 'the unknown field is dropped, not stored');
    assert.deepEqual(await names(DEPLOYS), ['ignore', 'warn']);
  });

  describe('invalid patches leave the object as it was', () => {
    let before: string;
    const target = `${CMS}/keep`;
    const patch = (body: string, type: string) => raw.request('PATCH', target, { body, headers: { 'Content-Type': type } });
    it('records the object', async () => { before = (await get(target)).text; });

    it('a failing JSON patch test op is 422 Invalid naming the path', async () => {
      const r = await patch('[{"op":"test","path":"/data/a","value":"nope"},{"op":"replace","path":"/data/a","value":"2"}]', 'application/json-patch+json');
      assertStatus(r, 422, 'Invalid', /.+/);
      assert.match(JSON.stringify(r.json.details?.causes ?? r.json.message), /\/data\/a/);
      assert.equal((await get(target)).text, before);
    });

    it('a JSON patch that is not an array is 400', async () => {
      assertStatus(await patch('{"op":"add","path":"/data/b","value":"2"}', 'application/json-patch+json'), 400, 'BadRequest', /jsonpatch\.Patch|array/i);
      assertStatus(await patch('[{"op":"add","path":"/data/b"', 'application/json-patch+json'), 400, 'BadRequest', /JSON/i);
      assert.equal((await get(target)).text, before);
    });

    it('a merge patch that is not an object is 400', async () => {
      for (const body of ['[1,2]', '"x"', '42', 'null']) {
        assertStatus(await patch(body, 'application/merge-patch+json'), 400, 'BadRequest', /patch must be a JSON object|object/);
      }
      assertStatus(await patch('{"data":', 'application/merge-patch+json'), 400, 'BadRequest', /JSON/i);
      assert.equal((await get(target)).text, before);
    });

    it('an unsupported patch content type is 415 listing the accepted ones', async () => {
      assertStatus(await patch('{"data":{"a":"2"}}', 'application/foo'), 415, 'UnsupportedMediaType', /merge-patch\+json/);
      assertStatus(await patch('{"data":{"a":"2"}}', 'text/plain'), 415, 'UnsupportedMediaType', /json-patch\+json/);
      assert.equal((await get(target)).text, before);
    });

    it('a PUT with a stale resourceVersion is 409 Conflict', async () => {
      const r = await raw.request('PUT', target, { body: cm('keep', { metadata: { name: 'keep', resourceVersion: '1' }, data: { a: 'changed' } }), headers: JSON_CT });
      assertStatus(r, 409, 'Conflict', /configmaps "keep".*modified/);
      assert.equal((await get(target)).text, before);
    });
  });

  it('resourceVersion=abc on a list is 400 naming resourceVersion', async () => {
    assertStatus(await get(`${CMS}?resourceVersion=abc`), 400, 'BadRequest', /resourceVersion.*"abc"/);
  });

  it('an unknown resource path is 404 NotFound', async () => {
    const msg = /could not find the requested resource|widgets/;
    assertStatus(await get(`/api/v1/namespaces/${NS}/widgets`), 404, 'NotFound', msg);
    assertStatus(await get('/apis/nope.example.com/v1/widgets'), 404, 'NotFound', msg);
    assertStatus(await post(`/api/v1/namespaces/${NS}/widgets`, cm('w')), 404, 'NotFound', msg);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('POST into a missing namespace is 404 namespaces "x" not found', async () => {
    const r = await post('/api/v1/namespaces/x/configmaps', cm('z'));
    assertStatus(r, 404, 'NotFound', /^namespaces "x" not found$/);
    assert.equal((await get('/api/v1/namespaces/x/configmaps/z')).status, 404);
    assert.equal((await get('/api/v1/namespaces/x')).status, 404, 'the namespace is not created implicitly');
  });

  it('limit=-1 is 400 naming limit', async () => {
    assertStatus(await get(`${CMS}?limit=-1`), 400, 'BadRequest', /limit.*-1/);
  });

  it('a malformed label selector is 400', async () => {
    assertStatus(await get(`${CMS}?labelSelector=${encodeURIComponent('a in (b')}`), 400, 'BadRequest', /unable to parse requirement|labelSelector/);
  });

  it('fieldValidation=Bogus is 400 naming the accepted values', async () => {
    assertStatus(await post(`${CMS}?fieldValidation=Bogus`, cm('fv')), 400, 'BadRequest', /fieldValidation.*"Bogus".*Strict/);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('DELETE with propagationPolicy=Sideways is 400 and deletes nothing', async () => {
    assertStatus(await raw.request('DELETE', `${CMS}/keep?propagationPolicy=Sideways`), 400, 'BadRequest', /propagationPolicy.*"Sideways"/);
    const body = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Sideways' });
    assertStatus(await raw.request('DELETE', `${CMS}/keep`, { body, headers: JSON_CT }), 400, 'BadRequest', /propagationPolicy.*"Sideways"/);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  it('a protobuf body with garbage after the k8s magic is 400', async () => {
    const pb = { 'Content-Type': 'application/vnd.kubernetes.protobuf' };
    assertStatus(await post(CMS, Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0xff, 0xfe, 0x12, 0x99, 0x01, 0x0a])]), pb), 400, 'BadRequest', /protobuf/);
    assertStatus(await post(CMS, Buffer.from('k8s\0'), pb), 400, 'BadRequest', /protobuf|empty/);
    assertStatus(await post(CMS, Buffer.from('not protobuf at all'), pb), 400, 'BadRequest', /magic/);
    assert.deepEqual(await names(CMS), ['keep']);
  });

  describe('inputs the fuzzer found (each once answered 500 or stored garbage)', () => {
    it('a path with a malformed percent-escape is 400, not 500', async () => {
      assertStatus(await get(`/api/v1/namespaces/${NS}/configmaps/%zz`), 400, 'BadRequest', /%zz|escape|malformed/i);
      assertStatus(await get('/api/v1/namespaces/%/configmaps'), 400, 'BadRequest', /escape|malformed|%/i);
    });

    it('a request target starting with // is 404 and never loses its first segment', async () => {
      assertStatus(await get('//'), 404, 'NotFound', /.+/);
      assertStatus(await get('//evil/api/v1/namespaces'), 404, 'NotFound', /.+/);
      assertStatus(await raw.request('DELETE', '//evil/api/v1/namespaces?dryRun=All'), 404, 'NotFound', /.+/);
    });

    it('deeply nested JSON (100,000 levels) in a body or a merge patch is 400, not 500', async () => {
      const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
      const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
      assertStatus(await post(CMS, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":{"a":${arrays(100_000)}}}`), 400, 'BadRequest', /.+/);
      assertStatus(await raw.request('PATCH', `${CMS}/keep`, { body: `{"data":${deep(50_000)}}`, headers: { 'Content-Type': 'application/merge-patch+json' } }), 400, 'BadRequest', /.+/);
      assertStatus(await raw.request('PATCH', `${CMS}/keep`, { body: `{"metadata":{"labels":${deep(50_000)}}}`, headers: { 'Content-Type': 'application/strategic-merge-patch+json' } }), 400, 'BadRequest', /.+/);
      // Where the schema allows anything deep (an unknown field, pruned), the answer may be 201 or 400, never 5xx.
      const d = JSON.parse(deploy('deep')) as { spec: Record<string, unknown> };
      const r = await post(`${DEPLOYS}?fieldValidation=Ignore`, JSON.stringify(d).replace('"replicas"', '"replicas"').replace('"selector"', `"foo":${deep(100_000)},"selector"`));
      assert.ok(r.status === 201 || r.status === 400, `${r.status} ${r.text.slice(0, 300)}`);
      if (r.status === 201) assert.equal(r.json.spec.foo, undefined);
      assert.deepEqual(await names(CMS), ['keep']);
    });

    it('limit beyond a safe integer (1e99, 99999999999999999999) is 400, not 500', async () => {
      assertStatus(await get(`${CMS}?limit=1e99`), 400, 'BadRequest', /limit/);
      assertStatus(await get(`${CMS}?limit=99999999999999999999`), 400, 'BadRequest', /limit/);
    });

    it('an unknown field whose name is not header-safe still gets 201 and a valid Warning header', async () => {
      const r = await post(`${CMS}?fieldValidation=Warn`, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warn-euro"},"\u20ac":1,"a\\nb":2}');
      // A failed reply must not hide a stored object; remove it either way so later cases start clean.
      const stored = (await get(`${CMS}/warn-euro`)).status === 200;
      if (stored) await raw.request('DELETE', `${CMS}/warn-euro`);
      assert.equal(r.status, 201, `${r.text} (object stored anyway: ${stored})`);
      assert.match(String(r.headers.warning), /unknown field/);
      assert.doesNotMatch(String(r.headers.warning), /[^\x20-\x7e]/, 'the header is printable ASCII');
    });

    it('a non-string metadata.name is rejected (400) and not stored', async () => {
      for (const name of [5, 1.5, true]) {
        const r = await post(CMS, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }));
        assert.ok(r.status === 400 || r.status === 422, `${String(name)}: ${r.status} ${r.text.slice(0, 300)}`);
        assertStatus(r, r.status, r.status === 400 ? 'BadRequest' : 'Invalid', /metadata\.name/);
      }
      const nodes = await raw.request('POST', '/api/v1/nodes', { body: '{"apiVersion":"v1","kind":"Node","metadata":{"name":1.5}}', headers: JSON_CT });
      assert.ok(nodes.status === 400 || nodes.status === 422, nodes.text.slice(0, 300));
      assert.deepEqual(await names(CMS), ['keep']);
      for (const o of (await get('/api/v1/nodes')).json.items as Array<{ metadata: { name: unknown } }>) assert.equal(typeof o.metadata.name, 'string');
    });

    it('a null label value in a pod template is 422, not 500', async () => {
      const body = JSON.parse(deploy('null-label')) as { spec: { template: { metadata: { labels: Record<string, unknown> } } } };
      body.spec.template.metadata.labels.app = null;
      assertStatus(await post(DEPLOYS, JSON.stringify(body)), 422, 'Invalid', /labels/);
      assert.deepEqual((await names(DEPLOYS)).filter((n) => n === 'null-label'), []);
    });

    it('DELETE on a collection across all namespaces, or on all namespaces, is 405 (as in kube-apiserver)', async () => {
      assertStatus(await raw.request('DELETE', '/api/v1/configmaps?dryRun=All'), 405, 'MethodNotAllowed', /.+/);
      assertStatus(await raw.request('DELETE', '/apis/apps/v1/deployments?dryRun=All'), 405, 'MethodNotAllowed', /.+/);
      assertStatus(await raw.request('DELETE', '/api/v1/namespaces?dryRun=All'), 405, 'MethodNotAllowed', /.+/);
      assert.deepEqual(await names(CMS), ['keep']);
    });

    it('DELETE of default, kube-system or kube-public is 403 (NamespaceLifecycle: may not be deleted)', async () => {
      for (const ns of ['default', 'kube-system', 'kube-public']) {
        assertStatus(await raw.request('DELETE', `/api/v1/namespaces/${ns}?dryRun=All`), 403, 'Forbidden', new RegExp(`namespaces? "${ns}" is forbidden: this namespace may not be deleted`));
      }
    });
  });
});
