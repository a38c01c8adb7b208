import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPodTemplateSpec } from '../../../../src/api/defaults/pod.js';
import { namespaces, secrets } from '../../../../src/api/registry/core-misc.js';
import { pods } from '../../../../src/api/registry/core-pod.js';
import { services } from '../../../../src/api/registry/core-service.js';
import type { Pod, PodTemplateSpec, Service } from '../../../../src/api/registry/core-types.js';

const podWith = (...images: string[]): Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: images.map((image, i) => ({ name: `c${i}`, image, ports: [{ containerPort: 80 }] })) },
});

describe('pod defaulting', () => {
  it('pulls :latest and untagged images Always, tagged and digested ones IfNotPresent', () => {
    const p = podWith('nginx', 'nginx:latest', 'nginx:1.27', 'localhost:5000/app', 'localhost:5000/app:v2', 'nginx@sha256:abcd');
    pods.defaults!(p);
    assert.deepEqual(p.spec.containers.map((c) => c.imagePullPolicy), ['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('fills pod-level defaults, admission defaults and the not-ready/unreachable tolerations', () => {
    const p = podWith('nginx:1.27');
    pods.defaults!(p);
    const { containers, ...spec } = p.spec;
    assert.deepEqual(spec, {
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30, securityContext: {}, enableServiceLinks: true,
      serviceAccountName: 'default', serviceAccount: 'default', priority: 0, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    assert.deepEqual(containers[0], {
      name: 'c0', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    });
  });

  it('is idempotent', () => {
    const p = podWith('nginx');
    pods.defaults!(p);
    const once = structuredClone(p);
    pods.defaults!(p);
    assert.deepEqual(p, once);
  });

  it('a new pod starts Pending with its QoS class', () => {
    const qos = (resources: Pod['spec']['containers'][0]['resources']) => {
      const p = podWith('nginx');
      p.spec.containers[0]!.resources = resources;
      pods.prepareForCreate!(p);
      return p.status;
    };
    assert.deepEqual(qos(undefined), { phase: 'Pending', qosClass: 'BestEffort' });
    assert.equal(qos({ limits: { cpu: '1', memory: '1Gi' } })!.qosClass, 'Guaranteed');
    assert.equal(qos({ requests: { cpu: '1000m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })!.qosClass, 'Guaranteed');
    assert.equal(qos({ requests: { cpu: '100m' }, limits: { cpu: '1', memory: '1Gi' } })!.qosClass, 'Burstable');
  });

  it('leaves pod templates without admission defaults', () => {
    const t: PodTemplateSpec = { spec: { containers: [{ name: 'a', image: 'busybox:1.36' }] } };
    defaultPodTemplateSpec(t);
    assert.equal(t.spec!.serviceAccountName, undefined);
    assert.equal(t.spec!.tolerations, undefined);
    assert.equal(t.spec!.restartPolicy, 'Always');
  });
});

describe('service, namespace and secret defaulting', () => {
  it('defaults targetPort to port and protocol to TCP', () => {
    const s: Service = { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } };
    services.defaults!(s);
    assert.deepEqual(s.spec, {
      selector: { app: 'web' }, type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }],
    });
  });

  it('gives NodePort services externalTrafficPolicy Cluster and ExternalName services no IP fields', () => {
    const np: Service = { metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    services.defaults!(np);
    assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
    const en: Service = { metadata: { name: 'en' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
    services.defaults!(en);
    assert.deepEqual(en.spec, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('namespaces get the kubernetes finalizer, Active phase and the name label; secrets are Opaque', () => {
    const ns = { metadata: { name: 'team-a' } };
    namespaces.defaults!(ns);
    assert.deepEqual(ns, {
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
    const s = { metadata: { name: 's' }, data: {} };
    secrets.defaults!(s);
    assert.equal((s as { type?: string }).type, 'Opaque');
  });

  it('merges secret stringData into base64 data, overriding existing keys', () => {
    const s = { metadata: { name: 's' }, data: { a: 'eA==', b: 'eQ==' }, stringData: { b: 'pässword' } };
    secrets.defaults!(s);
    assert.deepEqual(s, { metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'cMOkc3N3b3Jk' } });
  });
});
