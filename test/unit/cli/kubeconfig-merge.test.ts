import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { mergeKiteContext, removeKiteContext, userKubeconfigPath } from '../../../src/install/kubeconfig-merge.js';

// As `kubectl config set-cluster/set-credentials/set-context/use-context` writes it.
const KUBECTL_STYLE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${'QUJD'.repeat(60)}
    server: https://10.0.0.1:6443
  name: other
contexts:
- context:
    cluster: other
    namespace: ns1
    user: other-admin
  name: other
current-context: other
kind: Config
preferences: {}
users:
- name: other-admin
  user:
    token: abc
`;

// Hand-edited: indented sequences, comments, quoted strings, an extension field.
const HAND_STYLE = `# my clusters
apiVersion: "v1"
kind: Config
clusters:
  - name: prod   # the important one
    cluster:
      server: 'https://prod.example:443'
users:
  - name: me
    user:
      exec:
        command: aws
        args: ["eks", "get-token"]
contexts:
  - name: prod
    context: {cluster: prod, user: me}
current-context: prod
extensions: []
`;

const KITE = `apiVersion: v1
kind: Config
preferences: {}
clusters:
  - name: kite
    cluster:
      server: https://127.0.0.1:7443
      certificate-authority-data: Q0E=
users:
  - name: kite-admin
    user:
      client-certificate-data: Q0VSVA==
      client-key-data: S0VZ
contexts:
  - name: kite
    context:
      cluster: kite
      user: kite-admin
current-context: kite
`;

for (const [style, original] of [['kubectl-written', KUBECTL_STYLE], ['hand-edited', HAND_STYLE]] as const) {
  test(`merge then remove leaves a ${style} kubeconfig byte-for-byte as it was`, () => {
    const merged = mergeKiteContext(original, KITE, 'edge');
    const k = parse(merged.text);
    assert.equal(k['current-context'], 'kite-edge');
    assert.ok(k.contexts.some((c: any) => c.name === 'kite-edge' && c.context.cluster === 'kite-edge' && c.context.user === 'kite-edge'));
    assert.equal(k.clusters.find((c: any) => c.name === 'kite-edge').cluster.server, 'https://127.0.0.1:7443');
    // Every line of the original except current-context is still there, in order.
    const lines = merged.text.split('\n');
    let i = 0;
    for (const line of original.split('\n').filter((l) => !l.startsWith('current-context'))) {
      while (i < lines.length && lines[i] !== line) i++;
      assert.ok(i < lines.length, `line lost or reordered: ${JSON.stringify(line)}`);
    }
    const removed = removeKiteContext(merged.text, 'edge', merged.previousContext);
    assert.equal(removed.text, original);
    assert.ok(removed.remaining > 0);
  });
}

test('merging twice replaces the kite entries instead of adding more', () => {
  const once = mergeKiteContext(KUBECTL_STYLE, KITE, 'edge');
  const twice = mergeKiteContext(once.text, KITE.replace('7443', '8443'), 'edge');
  const k = parse(twice.text);
  assert.equal(k.clusters.filter((c: any) => c.name === 'kite-edge').length, 1);
  assert.equal(k.clusters.find((c: any) => c.name === 'kite-edge').cluster.server, 'https://127.0.0.1:8443');
  assert.equal(twice.previousContext, 'kite-edge');
});

test('a missing kubeconfig gets just the kite context; removing it leaves nothing of other clusters', () => {
  const merged = mergeKiteContext(undefined, KITE, 'edge');
  assert.equal(merged.previousContext, undefined);
  assert.equal(parse(merged.text)['current-context'], 'kite-edge');
  const removed = removeKiteContext(merged.text, 'edge', merged.previousContext);
  assert.equal(removed.remaining, 0);
  assert.equal(parse(removed.text)['current-context'], undefined);
});

test('other clusters named kite-* are left alone', () => {
  const merged = mergeKiteContext(KUBECTL_STYLE.replaceAll('other', 'kite-lab'), KITE, 'edge');
  const removed = removeKiteContext(merged.text, 'edge', merged.previousContext);
  assert.equal(removed.text, KUBECTL_STYLE.replaceAll('other', 'kite-lab'));
});

test('the kubeconfig file follows kubectl: $KUBECONFIG first, else ~/.kube/config', () => {
  assert.equal(userKubeconfigPath({ HOME: '/home/a' }), '/home/a/.kube/config');
  assert.equal(userKubeconfigPath({ HOME: '/home/a', KUBECONFIG: '/tmp/k1' }), '/tmp/k1');
  assert.equal(userKubeconfigPath({ HOME: '/home/a', KUBECONFIG: '/nonexistent/a:/nonexistent/b' }), '/nonexistent/b');
});
