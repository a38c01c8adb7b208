import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileJsonPath } from '../../../../src/apiserver/crd/jsonpath.js';

const doc = {
  spec: { size: 3, 'dotted.key': 'x', list: [{ n: 'a', v: 1 }, { n: 'b', v: 2, ok: true }] },
  status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
};
const run = (p: string) => compileJsonPath(p)(doc);

describe('simple JSONPath', () => {
  it('dotted fields, indices (also negative), quoted keys and wildcards', () => {
    assert.deepEqual(run('.spec.size'), [3]);
    assert.deepEqual(run('{.spec.list[1].n}'), ['b']);
    assert.deepEqual(run('$.spec.list[-1].v'), [2]);
    assert.deepEqual(run(".spec['dotted.key']"), ['x']);
    assert.deepEqual(run('.spec.list[*].n'), ['a', 'b']);
    assert.deepEqual(run('.spec.missing.deeper'), []);
  });

  it('filters by equality, inequality and existence', () => {
    assert.deepEqual(run('.status.conditions[?(@.type=="Ready")].status'), ['True']);
    assert.deepEqual(run(".status.conditions[?(@.type != 'Ready')].type"), ['Synced']);
    assert.deepEqual(run('.spec.list[?(@.v==2)].n'), ['b']);
    assert.deepEqual(run('.spec.list[?(@.ok)].n'), ['b']);
  });

  it('rejects what is not simple JSONPath', () => {
    assert.throws(() => compileJsonPath('.spec[?(@.a > 1)]'), /invalid JSONPath/);
    assert.throws(() => compileJsonPath('spec.size'), /invalid JSONPath/);
    assert.throws(() => compileJsonPath('.spec[0'), /unclosed/);
  });
});
