import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployments, replicaSets, statefulSets } from '../../../../src/api/registry/apps.js';
import type { Column } from '../../../../src/api/registry/types.js';
import type { KObject } from '../../../../src/api/types/index.js';
import type { Deployment } from '../../../../src/api/validation/apps.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function deployment(spec: Record<string, unknown> = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}

function defaulted(spec: Record<string, unknown> = {}): Deployment {
  const d = deployment(spec);
  deployments.defaults?.(d);
  return d;
}

const row = <T extends KObject>(cols: Column<T>[] | undefined, o: T, wide = false) =>
  Object.fromEntries((cols ?? []).filter((c) => wide || !c.priority).map((c) => [c.name, c.value(o, NOW)]));

describe('apps/v1 Deployment defaults', () => {
  it('fills replicas, RollingUpdate 25%/25%, history limit and progress deadline', () => {
    const { template, ...rest } = defaulted().spec ?? {};
    assert.deepEqual(rest, {
      selector: { matchLabels: { app: 'web' } },
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    assert.equal(template?.spec?.restartPolicy, 'Always');
  });

  it('keeps values the user set and adds no rollingUpdate to Recreate', () => {
    const d = defaulted({ replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 2 });
    assert.equal(d.spec?.replicas, 0);
    assert.deepEqual(d.spec?.strategy, { type: 'Recreate' });
    assert.equal(d.spec?.revisionHistoryLimit, 2);
  });

  it('is idempotent', () => {
    const once = defaulted();
    const twice = structuredClone(once);
    deployments.defaults?.(twice);
    assert.deepEqual(twice, once);
  });
});

describe('apps/v1 Deployment validation', () => {
  it('a defaulted deployment is valid', () => {
    assert.deepEqual(deployments.validate?.(defaulted()), []);
  });

  it('replicas -1 is rejected at spec.replicas with the upstream message', () => {
    assert.deepEqual(deployments.validate?.(defaulted({ replicas: -1 })), [
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]);
  });

  it('a selector that does not match the template labels is rejected', () => {
    const errs = deployments.validate?.(defaulted({ selector: { matchLabels: { app: 'api' } } }));
    assert.deepEqual(errs, [{
      type: 'FieldValueInvalid', field: 'spec.template.metadata.labels',
      message: 'Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    }]);
  });

  it('a missing selector is required and an empty one is invalid', () => {
    const missing = defaulted();
    delete missing.spec?.selector;
    assert.deepEqual(deployments.validate?.(missing), [{ type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }]);
    assert.deepEqual(deployments.validate?.(defaulted({ selector: {} })), [
      { type: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {}: empty selector is invalid for deployment' },
    ]);
  });

  it('the selector is immutable on update', () => {
    const old = defaulted();
    const next = defaulted({ selector: { matchLabels: { app: 'web', tier: 'x' } } });
    next.spec!.template!.metadata!.labels = { app: 'web', tier: 'x' };
    assert.deepEqual(deployments.validate?.(next, old), [{
      type: 'FieldValueInvalid', field: 'spec.selector',
      message: 'Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    }]);
  });

  it('maxSurge and maxUnavailable may not both be 0', () => {
    const errs = deployments.validate?.(defaulted({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }));
    assert.deepEqual(errs, [{
      type: 'FieldValueInvalid', field: 'spec.strategy.rollingUpdate.maxUnavailable',
      message: 'Invalid value: "0%": may not be 0 when `maxSurge` is 0',
    }]);
  });

  it('unknown strategy types and bad percentages are rejected', () => {
    assert.deepEqual(deployments.validate?.(defaulted({ strategy: { type: 'BlueGreen' } })), [{
      type: 'FieldValueNotSupported', field: 'spec.strategy.type',
      message: 'Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
    }]);
    const errs = deployments.validate?.(defaulted({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '10', maxUnavailable: '150%' } } }));
    assert.deepEqual(errs?.map((e) => e.field), ['spec.strategy.rollingUpdate.maxUnavailable', 'spec.strategy.rollingUpdate.maxSurge']);
    assert.equal(errs?.[0]?.message, 'Invalid value: "150%": must not be greater than 100%');
  });

  it('Recreate with rollingUpdate is forbidden', () => {
    assert.deepEqual(deployments.validate?.(defaulted({ strategy: { type: 'Recreate', rollingUpdate: {} } })), [{
      type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate',
      message: "Forbidden: may not be specified when strategy `type` is 'Recreate'",
    }]);
  });
});

describe('apps/v1 Table columns', () => {
  it('Deployment prints Ready as ready/desired, then Up-to-date, Available, Age', () => {
    const d = defaulted({ replicas: 3 });
    d.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    assert.deepEqual(row(deployments.columns, d), { Name: 'web', Ready: '2/3', 'Up-to-date': 3, Available: 2, Age: '5m' });
    assert.deepEqual(row(deployments.columns, d, true), {
      Name: 'web', Ready: '2/3', 'Up-to-date': 3, Available: 2, Age: '5m', Containers: 'nginx', Images: 'nginx:1.27', Selector: 'app=web',
    });
    assert.deepEqual(deployments.columns?.map((c) => `${c.name}${c.priority ? '*' : ''}`),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
  });

  it('ReplicaSet and StatefulSet columns match kubectl', () => {
    assert.deepEqual(replicaSets.columns?.map((c) => c.name), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(statefulSets.columns?.map((c) => c.name), ['Name', 'Ready', 'Age', 'Containers', 'Images']);
  });

  it('scale subresource paths are declared for deployments', () => {
    assert.deepEqual(deployments.subresources, {
      status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
  });
});
