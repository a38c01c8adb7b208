import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreResources } from '../../../../src/api/registry/core.js';
import { coreSchemas } from '../../../../src/api/schema/defs/core.js';
import { metaSchemas } from '../../../../src/api/schema/defs/meta.js';
import type { Schema } from '../../../../src/api/schema/types.js';

const all = { ...metaSchemas, ...coreSchemas };

function refs(s: Schema, out: string[] = []): string[] {
  if (s.$ref) out.push(s.$ref.replace('#/components/schemas/', ''));
  for (const p of Object.values(s.properties ?? {})) refs(p, out);
  if (s.items) refs(s.items, out);
  if (typeof s.additionalProperties === 'object') refs(s.additionalProperties, out);
  for (const a of s.allOf ?? []) refs(a, out);
  return out;
}

describe('core schemas', () => {
  it('every $ref resolves within the meta and core sets', () => {
    const missing = Object.values(all).flatMap((s) => refs(s)).filter((r) => !(r in all));
    assert.deepEqual([...new Set(missing)], []);
  });

  it('every registry entry names a kind schema with its group-version-kind and metadata', () => {
    for (const r of coreResources) {
      const s = all[r.schema];
      assert.ok(s, r.schema);
      assert.deepEqual(s['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: r.kind }]);
      assert.ok(s.properties?.metadata && s.properties.apiVersion && s.properties.kind, r.kind);
    }
  });

  it('container ports merge by containerPort and apply by containerPort+protocol', () => {
    const ports = coreSchemas['io.k8s.api.core.v1.Container']!.properties!.ports!;
    assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
    assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
    const volumes = coreSchemas['io.k8s.api.core.v1.PodSpec']!.properties!.volumes!;
    assert.equal(volumes['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  });

  it('every property has a description (kubectl explain prints them)', () => {
    const bare: string[] = [];
    for (const [name, s] of Object.entries(all)) {
      for (const [p, ps] of Object.entries(s.properties ?? {})) if (!ps.description) bare.push(`${name}.${p}`);
    }
    assert.deepEqual(bare, []);
  });
});
