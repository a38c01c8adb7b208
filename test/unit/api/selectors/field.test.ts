import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../src/api/errors.js';
import { matchFields, parseFieldSelector } from '../../../../src/api/selectors/index.js';

function throwsBadRequest(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => e instanceof StatusError && e.status.code === 400 && e.status.message === message);
}

describe('parseFieldSelector', () => {
  it('parses =, == and != terms and sorts them', () => {
    assert.deepEqual(parseFieldSelector('status.phase!=Running,metadata.name==web,spec.nodeName=n1'), [
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
  });

  it('returns nothing for an empty selector and skips empty terms', () => {
    assert.deepEqual(parseFieldSelector(''), []);
    assert.deepEqual(parseFieldSelector('a=b,,'), [{ field: 'a', operator: '=', value: 'b' }]);
  });

  it('unescapes \\, \\= and \\\\ in values and allows an empty value', () => {
    assert.deepEqual(parseFieldSelector('a=x\\,y\\=z\\\\w,b='), [
      { field: 'a', operator: '=', value: 'x,y=z\\w' },
      { field: 'b', operator: '=', value: '' },
    ]);
  });

  it('rejects terms without an operator, unescaped characters and bad escapes', () => {
    throwsBadRequest(() => parseFieldSelector('metadata.name'), "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    throwsBadRequest(() => parseFieldSelector('a=b=c'), 'invalid field selector: unescaped character in value: 61');
    throwsBadRequest(() => parseFieldSelector('a=b\\x'), 'invalid field selector: invalid escape sequence: \\x');
    throwsBadRequest(() => parseFieldSelector('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
  });
});

describe('matchFields', () => {
  const fields: Record<string, string> = { 'metadata.name': 'web', 'status.phase': 'Running' };
  const get = (p: string) => fields[p];

  it('requires every term to hold', () => {
    assert.equal(matchFields(parseFieldSelector('metadata.name=web,status.phase!=Failed'), get), true);
    assert.equal(matchFields(parseFieldSelector('metadata.name=web,status.phase!=Running'), get), false);
    assert.equal(matchFields([], get), true);
  });

  it('treats a missing field as the empty string', () => {
    assert.equal(matchFields(parseFieldSelector('spec.nodeName='), get), true);
    assert.equal(matchFields(parseFieldSelector('spec.nodeName!=n1'), get), true);
    assert.equal(matchFields(parseFieldSelector('spec.nodeName=n1'), get), false);
  });
});
