/**
 * Messages encoded with the decoder's own protobufjs types decode to the JSON
 * a Go client would send; malformed or unsupported bodies give Status errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../../src/api/errors.js';
import { decodeK8sProtobuf, isProtobufBody, protobufKinds } from '../../../../src/api/protobuf/index.js';
import { k8sType } from '../../../../src/api/protobuf/schema.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function body(apiVersion: string, kind: string, type: string, obj: object, envelope: object = {}): Buffer {
  const t = k8sType(type);
  const raw = t.encode(t.fromObject(obj)).finish();
  const unknown = k8sType('runtime.Unknown');
  return Buffer.concat([MAGIC, unknown.encode(unknown.fromObject({ typeMeta: { apiVersion, kind }, raw, ...envelope })).finish()]);
}

function statusOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected StatusError, got ${String(e)}`);
    return { code: e.status.code ?? 0, message: e.status.message ?? '' };
  }
  assert.fail('expected an error');
}

const t0 = { seconds: 1704164645 }; // 2024-01-02T03:04:05Z

describe('decodeK8sProtobuf', () => {
  it('decodes a full pod template: probes, env sources, volumes, affinity, security', () => {
    const podSpec = {
      containers: [{
        name: 'web', image: 'nginx:1', command: ['nginx'], args: ['-g', 'daemon off;'], workingDir: '/srv',
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cm' }, key: 'k', optional: false } } },
          { name: 'C', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        ],
        envFrom: [{ prefix: 'S_', secretRef: { localObjectReference: { name: 'sec' } } }],
        resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } }, requests: { cpu: { string: '100m' } } },
        volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
        livenessProbe: { handler: { httpGet: { path: '/healthz', port: { type: 1, strVal: 'http' } } }, periodSeconds: 5 },
        readinessProbe: { handler: { tcpSocket: { port: { type: 0, intVal: 80 } } }, initialDelaySeconds: 2 },
        startupProbe: { handler: { exec: { command: ['true'] } }, failureThreshold: 30 },
        lifecycle: { preStop: { sleep: { seconds: 3 } } },
        imagePullPolicy: 'IfNotPresent', stdin: true, tty: true,
        securityContext: { runAsUser: 0, runAsNonRoot: false, capabilities: { drop: ['ALL'] } },
      }],
      volumes: [
        { name: 'data', volumeSource: { emptyDir: { medium: 'Memory', sizeLimit: { string: '1Gi' } } } },
        { name: 'host', volumeSource: { hostPath: { path: '/var/log', type: 'Directory' } } },
        { name: 'cfg', volumeSource: { configMap: { localObjectReference: { name: 'cm' }, defaultMode: 420 } } },
        { name: 'sec', volumeSource: { secret: { secretName: 'sec', items: [{ key: 'a', path: 'b' }] } } },
        { name: 'pvc', volumeSource: { persistentVolumeClaim: { claimName: 'claim' } } },
        { name: 'proj', volumeSource: { projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } } },
      ],
      nodeSelector: { disk: 'ssd' }, restartPolicy: 'Always', terminationGracePeriodSeconds: 0,
      serviceAccountName: 'sa', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', automountServiceAccountToken: false,
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
    };
    const got = decodeK8sProtobuf(body('apps/v1', 'Deployment', 'apps.Deployment', {
      metadata: { name: 'web', namespace: '', generateName: '', labels: { app: 'web' }, creationTimestamp: {} },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { spec: podSpec },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { type: 1, strVal: '25%' }, maxUnavailable: { type: 0, intVal: 0 } } },
      },
    }));
    assert.deepStrictEqual(got, {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
      spec: {
        replicas: 0, selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          spec: {
            containers: [{
              name: 'web', image: 'nginx:1', command: ['nginx'], args: ['-g', 'daemon off;'], workingDir: '/srv',
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: false } } },
                { name: 'C', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
              ],
              envFrom: [{ prefix: 'S_', secretRef: { name: 'sec' } }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
              volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 2 },
              startupProbe: { exec: { command: ['true'] }, failureThreshold: 30 },
              lifecycle: { preStop: { sleep: { seconds: 3 } } },
              imagePullPolicy: 'IfNotPresent', stdin: true, tty: true,
              securityContext: { runAsUser: 0, runAsNonRoot: false, capabilities: { drop: ['ALL'] } },
            }],
            volumes: [
              { name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
              { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
              { name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } },
              { name: 'sec', secret: { secretName: 'sec', items: [{ key: 'a', path: 'b' }] } },
              { name: 'pvc', persistentVolumeClaim: { claimName: 'claim' } },
              { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
            ],
            nodeSelector: { disk: 'ssd' }, restartPolicy: 'Always', terminationGracePeriodSeconds: 0,
            serviceAccountName: 'sa', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', automountServiceAccountToken: false,
            tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
          },
        },
      },
    });
  });

  it('decodes a scheduler Binding', () => {
    const got = decodeK8sProtobuf(body('v1', 'Binding', 'core.Binding', {
      metadata: { name: 'p', namespace: 'default', uid: 'u1' }, target: { kind: 'Node', name: 'n1', apiVersion: 'v1' },
    }));
    assert.deepStrictEqual(got, {
      apiVersion: 'v1', kind: 'Binding',
      metadata: { name: 'p', namespace: 'default', uid: 'u1' }, target: { kind: 'Node', name: 'n1', apiVersion: 'v1' },
    });
  });

  it('decodes a Lease with MicroTime renewTime at microsecond precision', () => {
    const got = decodeK8sProtobuf(body('coordination.k8s.io/v1', 'Lease', 'coordination.Lease', {
      metadata: { name: 'node-1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: { seconds: 1704164645, nanos: 123456789 } },
    }));
    assert.deepStrictEqual(got, {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-02T03:04:05.123456Z' },
    });
  });

  it('decodes a core/v1 Event with RFC3339 timestamps and a zero eventTime as null', () => {
    const got = decodeK8sProtobuf(body('v1', 'Event', 'core.Event', {
      metadata: { name: 'p.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Started', message: 'started', source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: t0, lastTimestamp: t0, count: 1, type: 'Normal', eventTime: {}, reportingComponent: '',
    }));
    assert.deepStrictEqual(got, {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'p.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Started', message: 'started',
      source: { component: 'kubelet', host: 'n1' }, firstTimestamp: '2024-01-02T03:04:05Z',
      lastTimestamp: '2024-01-02T03:04:05Z', count: 1, type: 'Normal', eventTime: null,
    });
  });

  it('keeps meaningful zeros and maps binaryData, int64 and extra values', () => {
    const cm = decodeK8sProtobuf(body('v1', 'ConfigMap', 'core.ConfigMap', {
      metadata: { name: 'c', generation: 7 }, binaryData: { b: Buffer.from([0, 255]) }, immutable: false,
    }));
    assert.deepStrictEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', generation: 7 }, binaryData: { b: 'AP8=' }, immutable: false });
    const sar = decodeK8sProtobuf(body('authorization.k8s.io/v1', 'SubjectAccessReview', 'authorization.SubjectAccessReview', {
      spec: { user: 'u', groups: ['g'], extra: { scopes: { items: ['a', 'b'] } }, resourceAttributes: { verb: 'get', resource: 'pods' } },
    }));
    assert.deepStrictEqual(sar, {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { user: 'u', groups: ['g'], extra: { scopes: ['a', 'b'] }, resourceAttributes: { verb: 'get', resource: 'pods' } },
    });
  });

  it('skips fields it does not know, so newer clients still decode', () => {
    const raw = Buffer.concat([
      k8sType('core.Namespace').encode({ metadata: { name: 'x' } }).finish(),
      Buffer.from([0xf8, 0x06, 0x01]), // field 111, varint 1: not in the subset
    ]);
    const unknown = k8sType('runtime.Unknown');
    const buf = Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion: 'v1', kind: 'Namespace' }, raw }).finish()]);
    assert.deepStrictEqual(decodeK8sProtobuf(buf), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
  });

  it('every advertised kind decodes an empty message', () => {
    for (const { apiVersion, kind } of protobufKinds()) {
      const unknown = k8sType('runtime.Unknown');
      const buf = Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion, kind }, raw: new Uint8Array() }).finish()]);
      assert.deepStrictEqual(decodeK8sProtobuf(buf), { apiVersion, kind });
    }
  });
});

describe('decodeK8sProtobuf refuses bad input with a Status', () => {
  it('an unsupported kind gives 415 naming the kind', () => {
    const s = statusOf(() => decodeK8sProtobuf(body('apps/v1', 'StatefulSet', 'core.Namespace', {})));
    assert.equal(s.code, 415);
    assert.match(s.message, /StatefulSet/);
    assert.match(s.message, /apps\/v1/);
  });

  it('an unknown apiVersion gives 415', () => {
    assert.equal(statusOf(() => decodeK8sProtobuf(body('apps/v1beta1', 'Deployment', 'core.Namespace', {}))).code, 415);
  });

  it('a content encoding gives 415', () => {
    assert.equal(statusOf(() => decodeK8sProtobuf(body('v1', 'Namespace', 'core.Namespace', {}, { contentEncoding: 'gzip' }))).code, 415);
  });

  it('a missing kind, missing magic, truncated or garbage body gives 400', () => {
    const unknown = k8sType('runtime.Unknown');
    const noKind = Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion: 'v1' } }).finish()]);
    const good = body('v1', 'Namespace', 'core.Namespace', { metadata: { name: 'x', labels: { a: 'b' } } });
    const garbageRaw = Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion: 'v1', kind: 'Namespace' }, raw: Buffer.from([0x0a, 0x7f, 0x01]) }).finish()]);
    for (const buf of [noKind, Buffer.from('{"kind":"Namespace"}'), good.subarray(0, good.length - 3), garbageRaw, MAGIC, Buffer.from([0x6b, 0x38])]) {
      assert.equal(statusOf(() => decodeK8sProtobuf(buf)).code, 400, buf.toString('hex'));
    }
  });

  it('a timestamp outside Go\'s range gives 400', () => {
    const buf = body('v1', 'Namespace', 'core.Namespace', { metadata: { name: 'x', creationTimestamp: { seconds: 999999999999 } } });
    assert.equal(statusOf(() => decodeK8sProtobuf(buf)).code, 400);
  });
});

describe('isProtobufBody', () => {
  it('is true only for bodies starting with k8s\\0', () => {
    assert.equal(isProtobufBody(Buffer.concat([MAGIC, Buffer.from([1])])), true);
    assert.equal(isProtobufBody(MAGIC), true);
    assert.equal(isProtobufBody(Buffer.from('{}')), false);
    assert.equal(isProtobufBody(new Uint8Array()), false);
    assert.equal(isProtobufBody(Buffer.from('k8s')), false);
  });
});
