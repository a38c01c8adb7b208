import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from '../../../../src/api/patch/index.js';
import { StatusError } from '../../../../src/api/errors.js';
import { DEPLOYMENT, WIDGET, schemas } from '../schema/fixtures.js';

const smp = (original: unknown, patch: unknown, root = DEPLOYMENT) => applyStrategicMergePatch(original, patch, root, schemas);
const podSpec = (spec: Record<string, unknown>) => ({ spec: { template: { spec } } });

describe('applyStrategicMergePatch', () => {
  it('reproduces the observed kubectl apply patch (notes §5.2)', () => {
    const original = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: {
        replicas: 2, strategy: { type: 'RollingUpdate' },
        template: { spec: {
          containers: [
            { name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }],
              ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'v', mountPath: '/data' }] },
            { name: 'side', image: 'busybox' },
          ],
          volumes: [{ name: 'v', emptyDir: {} }],
        } },
      },
    };
    const patch = { spec: { strategy: { type: 'Recreate' }, template: { spec: {
      '$setElementOrder/containers': [{ name: 'nginx' }], '$setElementOrder/volumes': [{ name: 'v' }],
      containers: [
        { '$setElementOrder/env': [{ name: 'B' }], '$setElementOrder/ports': [{ containerPort: 8080 }],
          env: [{ $patch: 'delete', name: 'A' }], name: 'nginx',
          ports: [{ containerPort: 8080 }, { $patch: 'delete', containerPort: 80 }], volumeMounts: null },
        { $patch: 'delete', name: 'side' },
      ],
      volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, emptyDir: null, name: 'v' }],
    } } } };
    assert.deepEqual(smp(original, patch), {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: {
        replicas: 2, strategy: { type: 'Recreate' },
        template: { spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.25', env: [{ name: 'B', value: 'b' }], ports: [{ containerPort: 8080 }] }],
          volumes: [{ name: 'v', configMap: { name: 'cm' } }],
        } },
      },
    });
  });

  it('changing only the image keeps env and ports (the naive-merge regression)', () => {
    const original = podSpec({ containers: [{ name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: 'a' }], ports: [{ containerPort: 80 }] }] });
    assert.deepEqual(smp(original, podSpec({ containers: [{ name: 'nginx', image: 'nginx:2' }] })),
      podSpec({ containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'A', value: 'a' }], ports: [{ containerPort: 80 }] }] }));
  });

  it('places a container added by a patch before the live ones, as upstream does', () => {
    const original = podSpec({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] });
    assert.deepEqual(smp(original, podSpec({ containers: [{ name: 'c', image: 'z' }] })),
      podSpec({ containers: [{ name: 'c', image: 'z' }, { name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }));
    // Live-only items go before the first patched item that follows them in the live list.
    assert.deepEqual(smp(original, podSpec({ containers: [{ name: 'c', image: 'z' }, { name: 'b', image: 'y2' }] })),
      podSpec({ containers: [{ name: 'c', image: 'z' }, { name: 'a', image: 'x' }, { name: 'b', image: 'y2' }] }));
  });

  it('$patch: delete on a list item removes every item with that merge key', () => {
    const original = podSpec({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'a', image: 'dup' }] });
    assert.deepEqual(smp(original, podSpec({ containers: [{ $patch: 'delete', name: 'a' }] })), podSpec({ containers: [{ name: 'b' }] }));
  });

  it('$retainKeys clears the live fields it does not list', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    assert.deepEqual(smp(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }),
      { spec: { strategy: { type: 'Recreate' } } });
  });

  it('unions finalizers as a set and deletes with $deleteFromPrimitiveList', () => {
    const original = { metadata: { finalizers: ['a', 'b', 'c'] } };
    // Ordered like merge lists: patch order, live-only values slotted in by their live position.
    assert.deepEqual(smp(original, { metadata: { finalizers: ['b', 'd'] } }), { metadata: { finalizers: ['a', 'b', 'd', 'c'] } });
    assert.deepEqual(smp(original, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'c'] } }), { metadata: { finalizers: ['a'] } });
  });

  it('$setElementOrder alone reorders the live list', () => {
    const original = { metadata: { finalizers: ['a', 'b', 'c'] } };
    assert.deepEqual(smp(original, { metadata: { '$setElementOrder/finalizers': ['c', 'a', 'b'] } }), { metadata: { finalizers: ['c', 'a', 'b'] } });
  });

  it('replaces lists without a merge strategy (tolerations, command) whole', () => {
    const original = podSpec({ tolerations: [{ key: 'a', operator: 'Exists' }], containers: [{ name: 'c', command: ['sh', '-c'] }] });
    assert.deepEqual(smp(original, podSpec({ tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'c', command: ['bash'] }] })),
      podSpec({ tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'c', command: ['bash'] }] }));
  });

  it('$patch: replace replaces a merge list or a map instead of merging', () => {
    const original = podSpec({ containers: [{ name: 'a' }, { name: 'b' }], nodeSelector: { x: '1', y: '2' } });
    const patch = podSpec({ containers: [{ name: 'c' }, { $patch: 'replace' }], nodeSelector: { $patch: 'replace', z: '3' } });
    assert.deepEqual(smp(original, patch), podSpec({ containers: [{ name: 'c' }], nodeSelector: { z: '3' } }));
  });

  it('null and $patch: delete remove map fields', () => {
    const original = { spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    assert.deepEqual(smp(original, { spec: { replicas: null, strategy: { rollingUpdate: { $patch: 'delete' } } } }),
      { spec: { strategy: { type: 'RollingUpdate' } } });
  });

  it('behaves like a JSON merge patch where the schema is unknown', () => {
    const original = { spec: { config: { list: [1, 2], keep: 'x', gone: 'y' } } };
    assert.deepEqual(smp(original, { spec: { config: { list: [3], gone: null } } }, WIDGET), { spec: { config: { list: [3], keep: 'x' } } });
  });

  it('rejects a merge-list item without its merge key with 400', () => {
    assert.throws(() => smp(podSpec({ containers: [] }), podSpec({ containers: [{ image: 'x' }] })),
      (e: unknown) => e instanceof StatusError && e.status.code === 400
        && e.status.message === 'map: {"image":"x"} does not contain declared merge key: name');
  });
});
