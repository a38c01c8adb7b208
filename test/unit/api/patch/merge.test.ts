import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../../src/api/patch/index.js';

describe('applyMergePatch', () => {
  it('merges maps recursively, deletes on null and replaces lists whole', () => {
    const target = { metadata: { labels: { a: '1', b: '2' } }, spec: { list: [1, 2, 3], keep: true } };
    const out = applyMergePatch(target, { metadata: { labels: { a: null, c: '3' } }, spec: { list: [9] } });
    assert.deepEqual(out, { metadata: { labels: { b: '2', c: '3' } }, spec: { list: [9], keep: true } });
    assert.deepEqual(target, { metadata: { labels: { a: '1', b: '2' } }, spec: { list: [1, 2, 3], keep: true } });
  });

  it('replaces a non-object target and drops nulls inside new objects', () => {
    assert.deepEqual(applyMergePatch({ a: 'x' }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
    assert.deepEqual(applyMergePatch({ a: 1 }, [1, 2]), [1, 2]);
  });
});
