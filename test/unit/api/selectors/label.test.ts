import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../src/api/errors.js';
import { labelSelectorFromObject, matchLabels, parseLabelSelector, selectorToString } from '../../../../src/api/selectors/index.js';

/** Asserts a 400 BadRequest with exactly this message. */
function throwsBadRequest(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.status.code, 400);
    assert.equal(e.status.reason, 'BadRequest');
    assert.equal(e.status.message, message);
    return true;
  });
}

describe('parseLabelSelector', () => {
  it('parses every operator and returns requirements sorted by key', () => {
    assert.deepEqual(parseLabelSelector('tier in (web, api),env!=prod,app=x,b==y,!gone,has,z notin (a),n>3,m<10'), [
      { key: 'app', operator: '=', values: ['x'] },
      { key: 'b', operator: '==', values: ['y'] },
      { key: 'env', operator: '!=', values: ['prod'] },
      { key: 'gone', operator: '!', values: [] },
      { key: 'has', operator: 'exists', values: [] },
      { key: 'm', operator: 'lt', values: ['10'] },
      { key: 'n', operator: 'gt', values: ['3'] },
      { key: 'tier', operator: 'in', values: ['api', 'web'] },
      { key: 'z', operator: 'notin', values: ['a'] },
    ]);
  });

  it('returns no requirements for an empty or blank selector', () => {
    assert.deepEqual(parseLabelSelector(''), []);
    assert.deepEqual(parseLabelSelector('  '), []);
  });

  it('accepts prefixed keys, whitespace, empty values and in/notin as values', () => {
    assert.deepEqual(parseLabelSelector(' app.kubernetes.io/name = web , x= ,y in (in,notin,) '), [
      { key: 'app.kubernetes.io/name', operator: '=', values: ['web'] },
      { key: 'x', operator: '=', values: [''] },
      { key: 'y', operator: 'in', values: ['', 'in', 'notin'] },
    ]);
    assert.deepEqual(parseLabelSelector('k in ()'), [{ key: 'k', operator: 'in', values: [''] }]);
  });

  it('rejects an invalid key with the upstream message', () => {
    throwsBadRequest(() => parseLabelSelector('-bad=x'),
      `unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  });

  it('rejects an invalid value with the upstream message', () => {
    throwsBadRequest(() => parseLabelSelector('app=-x'),
      `unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
  });

  it('rejects syntax errors naming what was found and what was expected', () => {
    throwsBadRequest(() => parseLabelSelector('a b'), `unable to parse requirement: found 'b', expected: =, ==, !=, in, notin, >, <`);
    throwsBadRequest(() => parseLabelSelector('a in (x'), `unable to parse requirement: found '', expected: ',' or ')'`);
    throwsBadRequest(() => parseLabelSelector('a in x'), `unable to parse requirement: found 'x' expected: '('`);
    throwsBadRequest(() => parseLabelSelector('a=b,'), `found '', expected: identifier after ','`);
    throwsBadRequest(() => parseLabelSelector('a=b c'), `found 'c', expected: ',' or 'end of string'`);
    throwsBadRequest(() => parseLabelSelector(',a'), `found ',', expected: !, identifier, or 'end of string'`);
    throwsBadRequest(() => parseLabelSelector('n>x'), `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`);
  });
});

describe('matchLabels', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  const m = (s: string) => matchLabels(parseLabelSelector(s), labels);

  it('matches equality, inequality and set membership', () => {
    assert.equal(m('app=web'), true);
    assert.equal(m('app==db'), false);
    assert.equal(m('app!=db'), true);
    assert.equal(m('missing!=x'), true);
    assert.equal(m('tier in (front,back)'), true);
    assert.equal(m('missing in (a)'), false);
    assert.equal(m('tier notin (front)'), false);
    assert.equal(m('missing notin (a)'), true);
  });

  it('matches existence, absence and integer comparisons', () => {
    assert.equal(m('app'), true);
    assert.equal(m('!app'), false);
    assert.equal(m('!missing'), true);
    assert.equal(m('n>4,n<6'), true);
    assert.equal(m('n>5'), false);
    assert.equal(m('app>1'), false);
  });

  it('requires every requirement and treats missing labels as none', () => {
    assert.equal(m('app=web,tier=back'), false);
    assert.equal(matchLabels([], undefined), true);
    assert.equal(matchLabels(parseLabelSelector('!app'), undefined), true);
    assert.equal(matchLabels(parseLabelSelector('app'), undefined), false);
  });
});

describe('labelSelectorFromObject', () => {
  it('turns matchLabels and matchExpressions into requirements sorted by key', () => {
    assert.deepEqual(labelSelectorFromObject({
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'x', operator: 'NotIn', values: ['a'] },
        { key: 'gpu', operator: 'Exists' },
        { key: 'old', operator: 'DoesNotExist', values: [] },
      ],
    }), [
      { key: 'app', operator: '=', values: ['shop'] },
      { key: 'env', operator: 'in', values: ['prod', 'dev'] },
      { key: 'gpu', operator: 'exists', values: [] },
      { key: 'old', operator: '!', values: [] },
      { key: 'tier', operator: '=', values: ['web'] },
      { key: 'x', operator: 'notin', values: ['a'] },
    ]);
  });

  it('returns no requirements for an empty selector, which matches everything', () => {
    assert.deepEqual(labelSelectorFromObject({}), []);
    assert.equal(matchLabels(labelSelectorFromObject({}), { a: 'b' }), true);
  });

  it('rejects unknown operators, empty In values and values on Exists', () => {
    throwsBadRequest(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), '"Gt" is not a valid label selector operator');
    throwsBadRequest(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
    throwsBadRequest(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist');
    assert.throws(() => labelSelectorFromObject({ matchLabels: { 'a/b/c': 'x' } }), StatusError);
  });
});

describe('selectorToString', () => {
  it('prints the canonical form with sorted set values, as Scale.status.selector shows it', () => {
    assert.equal(selectorToString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }), 'app=web,tier in (a,b)');
    assert.equal(selectorToString(parseLabelSelector('!old,has,x notin (q),n>3,m<1,k==v,j!=w')), 'has,j!=w,k==v,m<1,n>3,!old,x notin (q)');
  });

  it('round-trips through parseLabelSelector', () => {
    const s = 'app=web,env!=prod,tier in (a,b)';
    assert.equal(selectorToString(parseLabelSelector(s)), s);
  });
});
