import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuantity } from '../../../../src/api/validation/quantity.js';

describe('parseQuantity', () => {
  it('parses plain, milli, decimal SI and binary SI values', () => {
    const cases: Array<[string | number, number]> = [
      ['1', 1], ['0.5', 0.5], ['100m', 0.1], ['1500m', 1.5], ['2k', 2000], ['1M', 1e6], ['3G', 3e9],
      ['1Ki', 1024], ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['2Ti', 2 * 2 ** 40], ['1E', 1e18],
      ['1e3', 1000], ['5E-1', 0.5], ['+2', 2], ['-1', -1], ['.5', 0.5], ['250u', 0.00025], ['1n', 1e-9], [4, 4],
    ];
    for (const [s, want] of cases) assert.equal(parseQuantity(s), want, String(s));
  });

  it('rejects malformed quantities', () => {
    for (const s of ['', 'abc', '1Gx', '1.2.3', '1 Gi', 'Gi', '1KI', '1ki', ' 1', '1e']) assert.equal(parseQuantity(s), undefined, s);
  });
});
