/**
 * Real kubectl 1.32 protobuf request bodies decode to exactly the JSON kubectl
 * prints for the same command with `--dry-run=client -o json` (checked against
 * that output when the fixtures were captured).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeK8sProtobuf, isProtobufBody } from '../../../../src/api/protobuf/index.js';
import { kubectlBodies } from './fixtures.js';

type Name = keyof typeof kubectlBodies;
const decode = (n: Name) => decodeK8sProtobuf(Buffer.from(kubectlBodies[n].hex, 'hex'));
const meta = (name: string, labels?: Record<string, string>) => ({ name, creationTimestamp: null, ...(labels && { labels }) });
const tmplMeta = (labels?: Record<string, string>) => ({ creationTimestamp: null, ...(labels && { labels }) });
const container = (name: string, image: string, extra: Record<string, unknown> = {}) => ({ name, image, ...extra, resources: {} });
const deployment = (name: string, replicas: number, containers: unknown[]) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, { app: name }),
  spec: {
    replicas, selector: { matchLabels: { app: name } }, strategy: {},
    template: { metadata: tmplMeta({ app: name }), spec: { containers } },
  },
  status: {},
});
const service = (name: string, type: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1', kind: 'Service', metadata: meta(name, { app: name }),
  spec: { selector: { app: name }, type, ...spec }, status: { loadBalancer: {} },
});
const cronJob = (name: string, schedule: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(name),
  spec: {
    schedule,
    jobTemplate: {
      metadata: meta(name),
      spec: { template: { metadata: tmplMeta(), spec: { containers: [container(name, 'busybox', extra)], restartPolicy: 'OnFailure' } } },
    },
  },
  status: {},
});
const ssar = (spec: Record<string, unknown>) => ({
  apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null },
  spec, status: { allowed: false },
});
const rbac = 'rbac.authorization.k8s.io';

const expected: Record<Name, unknown> = {
  createNamespace: { apiVersion: 'v1', kind: 'Namespace', metadata: meta('x'), spec: {}, status: {} },
  createConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c'), data: { a: 'b' } },
  createSecretGeneric: { apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), data: { k: 'dg==' } },
  createSecretFromBinaryFile: { apiVersion: 'v1', kind: 'Secret', metadata: meta('bin'), data: { 'bin.dat': 'AAH//g==' } },
  createSecretDockerRegistry: {
    apiVersion: 'v1', kind: 'Secret', metadata: meta('reg'), type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from('{"auths":{"r.io":{"username":"u","password":"p","auth":"dTpw"}}}').toString('base64') },
  },
  createDeployment: deployment('d', 2, [container('nginx', 'nginx', { ports: [{ containerPort: 80 }] })]),
  createDeploymentMultiImage: deployment('multi', 1, [container('nginx', 'nginx'), container('redis', 'redis')]),
  createDeploymentCommand: deployment('cmd', 1, [container('busybox', 'busybox', { command: ['sleep', '10'] })]),
  createServiceClusterIP: service('s', 'ClusterIP', { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }] }),
  createServiceNodePort: service('np', 'NodePort', {
    ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
  }),
  createServiceLoadBalancer: service('lb', 'LoadBalancer', { ports: [{ name: '443-8443', protocol: 'TCP', port: 443, targetPort: 8443 }] }),
  createServiceExternalName: service('en', 'ExternalName', { externalName: 'example.com' }),
  createJob: {
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta('j'), status: {},
    spec: { template: { metadata: tmplMeta(), spec: { containers: [container('j', 'busybox')], restartPolicy: 'Never' } } },
  },
  createCronJob: cronJob('cj', '*/1 * * * *'),
  createCronJobCommand: cronJob('cj2', '0 * * * *', { command: ['echo', 'hi'] }),
  createServiceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa') },
  createToken: {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { creationTimestamp: null },
    spec: {}, status: { expirationTimestamp: null },
  },
  createTokenWithOptions: {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { creationTimestamp: null },
    spec: {
      audiences: ['a1', 'a2'], expirationSeconds: 600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'uid-1' },
    },
    status: { expirationTimestamp: null },
  },
  authCanIGetPods: ssar({ resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } }),
  authCanICreateScaleSubresource: ssar({
    resourceAttributes: { namespace: 'kube-system', verb: 'create', group: 'apps', resource: 'deployments', subresource: 'scale' },
  }),
  authCanINonResource: ssar({ nonResourceAttributes: { path: '/healthz', verb: 'get' } }),
  authWhoami: {
    apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null },
    status: { userInfo: {} },
  },
  createQuota: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('q'), spec: { hard: { pods: '2' } }, status: {} },
  createRole: {
    apiVersion: `${rbac}/v1`, kind: 'Role', metadata: meta('r'),
    rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
  },
  createRoleBinding: {
    apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: meta('rb'),
    subjects: [{ kind: 'User', apiGroup: rbac, name: 'u' }], roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' },
  },
  createClusterRole: {
    apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: meta('cr'),
    rules: [{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] }],
  },
  createClusterRoleBinding: {
    apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: meta('crb'),
    subjects: [{ kind: 'Group', apiGroup: rbac, name: 'g' }], roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cr' },
  },
  createPriorityClass: {
    apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('pc'),
    value: 1000, description: 'hi', preemptionPolicy: 'PreemptLowerPriority',
  },
  createPodDisruptionBudget: {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pdb'),
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'd' } } },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  },
  createIngress: {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('ing'), status: { loadBalancer: {} },
    spec: {
      rules: [{
        host: 'foo.com',
        http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'svc1', port: { number: 8080 } } } }] },
      }],
    },
  },
  autoscaleDeployment: {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta('d'),
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'd', apiVersion: 'apps/v1' },
      minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80,
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  },
};

describe('protobuf bodies captured from kubectl 1.32', () => {
  for (const name of Object.keys(kubectlBodies) as Name[]) {
    it(`\`${kubectlBodies[name].command}\` decodes to the JSON kubectl would send`, () => {
      const body = Buffer.from(kubectlBodies[name].hex, 'hex');
      assert.equal(isProtobufBody(body), true);
      assert.deepStrictEqual(decode(name), expected[name]);
    });
  }

  it('the deployment carries replicas, image, port and the app label', () => {
    const d = decode('createDeployment') as { spec: { replicas: number; template: { spec: { containers: Array<{ image: string; ports: Array<{ containerPort: number }> }> } } }; metadata: { labels: object } };
    assert.equal(d.spec.replicas, 2);
    assert.equal(d.spec.template.spec.containers[0]?.image, 'nginx');
    assert.equal(d.spec.template.spec.containers[0]?.ports[0]?.containerPort, 80);
    assert.deepStrictEqual(d.metadata.labels, { app: 'd' });
  });
});
