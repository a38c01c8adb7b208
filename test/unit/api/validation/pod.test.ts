import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPod } from '../../../../src/api/defaults/pod.js';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import { POD_UPDATE_MESSAGE } from '../../../../src/api/validation/core-pod-update.js';
import { validatePod, validatePodTemplateSpec } from '../../../../src/api/validation/pod.js';

const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
});

describe('pod validation', () => {
  it('accepts a minimal defaulted pod', () => {
    const p = pod();
    defaultPod(p);
    assert.deepEqual(validatePod(p), []);
  });

  it('requires containers', () => {
    assert.deepEqual(validatePod(pod({ containers: [] })), [
      { type: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' },
    ]);
  });

  it('reports a missing image at its field path', () => {
    assert.deepEqual(validatePod(pod({ containers: [{ name: 'app' }] })), [
      { type: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value' },
    ]);
  });

  it('rejects duplicate container names across init and app containers', () => {
    const errs = validatePod(pod({ initContainers: [{ name: 'app', image: 'busybox' }] }));
    assert.deepEqual(errs, [{ type: 'FieldValueDuplicate', field: 'spec.containers[0].name', message: 'Duplicate value: "app"' }]);
  });

  it('rejects out-of-range ports and unknown protocols', () => {
    const errs = validatePod(pod({ containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 70000, protocol: 'HTTP' }] }] }));
    assert.deepEqual(errs, [
      { type: 'FieldValueInvalid', field: 'spec.containers[0].ports[0].containerPort', message: 'Invalid value: 70000: must be between 1 and 65535, inclusive' },
      { type: 'FieldValueNotSupported', field: 'spec.containers[0].ports[0].protocol', message: 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' },
    ]);
  });

  it('rejects requests above limits and unparseable quantities', () => {
    const errs = validatePod(pod({ containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '2', memory: '1Gx' }, limits: { cpu: '500m' } } }] }));
    assert.deepEqual(errs.map((e) => [e.field, e.message]), [
      ['spec.containers[0].resources.requests[memory]', "Invalid value: \"1Gx\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
      ['spec.containers[0].resources.requests[cpu]', 'Invalid value: "2": must be less than or equal to cpu limit of 500m'],
    ]);
  });

  it('checks volumes: one source each, unique names, mounts refer to them', () => {
    const errs = validatePod(pod({
      volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'data', emptyDir: {} }, { name: 'none' }],
      containers: [{ name: 'app', image: 'x', volumeMounts: [{ name: 'missing', mountPath: '/m' }] }],
    }));
    assert.deepEqual(errs.map((e) => `${e.field}: ${e.message}`), [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.volumes[2]: Required value: must specify a volume type',
      'spec.containers[0].volumeMounts[0].name: Invalid value: "missing": not found: must match the name of a volume in spec.volumes',
    ]);
  });

  it('rejects an unknown restartPolicy and bad env names', () => {
    const errs = validatePod(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'app', image: 'x', env: [{ name: 'A=B' }] }] }));
    assert.deepEqual(errs.map((e) => e.field), ['spec.containers[0].env[0].name', 'spec.restartPolicy']);
  });

  it('prefixes template paths with the caller path', () => {
    const errs = validatePodTemplateSpec({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'Web', image: 'x' }] } }, 'spec.template');
    assert.deepEqual(errs.map((e) => e.field), ['spec.template.spec.containers[0].name']);
  });
});

describe('pod update validation', () => {
  const stored = () => { const p = pod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] }); defaultPod(p); return p; };

  it('allows changing a container image, adding a toleration and setting activeDeadlineSeconds', () => {
    const old = stored(), next = structuredClone(old);
    next.spec.containers[0]!.image = 'nginx:1.28';
    next.spec.tolerations!.push({ key: 'b', operator: 'Exists', effect: 'NoSchedule' });
    next.spec.activeDeadlineSeconds = 600;
    assert.deepEqual(validatePod(next, old), []);
  });

  it('forbids changing other spec fields with the upstream message', () => {
    const old = stored(), next = structuredClone(old);
    next.spec.restartPolicy = 'Never';
    assert.deepEqual(validatePod(next, old), [{ type: 'FieldValueForbidden', field: 'spec', message: `Forbidden: ${POD_UPDATE_MESSAGE}` }]);
    assert.match(POD_UPDATE_MESSAGE, /^pod updates may not change fields other than `spec.containers\[\*\].image`,/);
  });

  it('forbids removing a toleration and raising activeDeadlineSeconds', () => {
    const old = stored();
    old.spec.activeDeadlineSeconds = 60;
    const next = structuredClone(old);
    next.spec.tolerations = next.spec.tolerations!.slice(1);
    next.spec.activeDeadlineSeconds = 120;
    assert.deepEqual(validatePod(next, old).map((e) => e.field), ['spec.activeDeadlineSeconds', 'spec.tolerations']);
  });
});
