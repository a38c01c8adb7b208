import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from '../../../../src/api/patch/index.js';
import { StatusError } from '../../../../src/api/errors.js';

const doc = () => ({ metadata: { labels: { app: 'web', 'a/b': 'x', 'c~d': 'y' } }, spec: { args: ['a', 'b'] } });

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  assert.fail('expected a StatusError');
}

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test in order', () => {
    const out = applyJsonPatch(doc(), [
      { op: 'test', path: '/metadata/labels/app', value: 'web' },
      { op: 'add', path: '/spec/args/1', value: 'inserted' },
      { op: 'add', path: '/spec/args/-', value: 'last' },
      { op: 'replace', path: '/metadata/labels/app', value: 'api' },
      { op: 'remove', path: '/spec/args/0' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      { op: 'move', from: '/spec/args', path: '/spec/command' },
    ]);
    assert.deepEqual(out, {
      metadata: { labels: { app: 'api', 'a/b': 'x', 'c~d': 'y', copy: 'api' } },
      spec: { command: ['inserted', 'b', 'last'] },
    });
  });

  it('decodes ~1 and ~0 in JSON pointers', () => {
    const out = applyJsonPatch(doc(), [
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/metadata/labels/c~0d', value: 'z' },
    ]);
    assert.deepEqual(out, { metadata: { labels: { app: 'web', 'c~d': 'z' } }, spec: { args: ['a', 'b'] } });
  });

  it('replaces the whole document for the empty path and leaves the input untouched', () => {
    const input = doc();
    assert.deepEqual(applyJsonPatch(input, [{ op: 'add', path: '', value: { a: 1 } }]), { a: 1 });
    applyJsonPatch(input, [{ op: 'add', path: '/spec/args/-', value: 'c' }]);
    assert.deepEqual(input, doc());
  });

  it('a failed test returns 422 Invalid with upstream’s message and the detail as cause', () => {
    const status = statusOf(() => applyJsonPatch(doc(), [
      { op: 'test', path: '/metadata/labels/app', value: 'api' },
      { op: 'replace', path: '/metadata/labels/app', value: 'x' },
    ]));
    assert.deepEqual(status, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: 'testing value /metadata/labels/app failed' }] },
    });
  });

  it('operations on missing paths or out-of-range indices return 422', () => {
    assert.equal(statusOf(() => applyJsonPatch(doc(), [{ op: 'remove', path: '/spec/nope' }])).code, 422);
    assert.equal(statusOf(() => applyJsonPatch(doc(), [{ op: 'replace', path: '/spec/args/2', value: 1 }])).code, 422);
    assert.equal(statusOf(() => applyJsonPatch(doc(), [{ op: 'add', path: '/a/b', value: 1 }])).code, 422);
    assert.equal(statusOf(() => applyJsonPatch(doc(), [{ op: 'add', path: '/spec/args/5', value: 1 }])).code, 422);
    assert.equal(statusOf(() => applyJsonPatch(doc(), [{ op: 'frobnicate', path: '/spec' }])).code, 422);
  });

  it('a body that is not a list of operations is 400 BadRequest', () => {
    const status = statusOf(() => applyJsonPatch(doc(), { op: 'add', path: '/a', value: 1 }));
    assert.equal(status.code, 400);
    assert.equal(status.reason, 'BadRequest');
  });
});
