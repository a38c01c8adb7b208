import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject } from '../../../../src/api/types/index.js';
import { structuralDefaulter } from '../../../../src/apiserver/crd/defaulting.js';
import { widgetSchema } from './fixtures.js';

const apply = structuralDefaulter(widgetSchema());
const run = (o: Record<string, unknown>): KObject => {
  const obj = { apiVersion: 'example.kite.dev/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 'b' } }, ...o } as KObject;
  apply(obj);
  return obj;
};

describe('structural defaulting and pruning', () => {
  it('fills absent properties with defaults inside existing objects and list items', () => {
    const o = run({ spec: { name: 'a', parts: [{ id: 'p' }, { id: 'q', weight: 2, opts: {} }] } });
    assert.deepEqual(o.spec, { name: 'a', size: 3, color: 'red', parts: [{ id: 'p', weight: 1.5 }, { id: 'q', weight: 2, opts: { fast: true } }] });
  });

  it('does not create missing parents, and keeps values that are set', () => {
    assert.equal(run({}).spec, undefined);
    assert.deepEqual(run({ spec: { size: 7, color: 'blue' } }).spec, { size: 7, color: 'blue' });
  });

  it('drops undeclared fields but keeps type meta, metadata and preserve-unknown-fields content', () => {
    const o = run({ spec: { name: 'a', bogus: 1, extra: { free: { form: true } } }, junk: true });
    assert.deepEqual(o.spec, { name: 'a', extra: { free: { form: true } }, size: 3, color: 'red' });
    assert.equal('junk' in o, false);
    assert.deepEqual(o.metadata, { name: 'w', labels: { a: 'b' } });
    assert.equal(o.kind, 'Widget');
  });

  it('null in a non-nullable field is dropped (then defaulted); nullable keeps null', () => {
    const o = run({ spec: { name: 'a', size: null, note: null } });
    assert.deepEqual(o.spec, { name: 'a', size: 3, note: null, color: 'red' });
  });

  it('defaults are copies, not shared references', () => {
    const d = structuralDefaulter({ type: 'object', properties: { spec: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, default: ['x'] } } } } });
    const a = { metadata: {}, spec: {} } as KObject;
    const b = { metadata: {}, spec: {} } as KObject;
    d(a); d(b);
    (a.spec as { tags: string[] }).tags.push('y');
    assert.deepEqual((b.spec as { tags: string[] }).tags, ['x']);
  });
});
