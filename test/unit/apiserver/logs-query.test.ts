import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../src/api/errors.js';
import { parsePodLogQuery } from '../../../src/apiserver/handlers/logs.js';

const parse = (q: string) => parsePodLogQuery(new URLSearchParams(q));
const bad = (q: string, msg: RegExp) => assert.throws(() => parse(q), (e: unknown) => e instanceof StatusError && e.status.code === 400 && msg.test(e.status.message ?? ''));

describe('pod log query options', () => {
  it('parses what kubectl sends', () => {
    assert.deepEqual(parse('container=app&follow=true&previous=false&timestamps=true&tailLines=2&limitBytes=100&sinceSeconds=60'), {
      container: 'app', follow: true, previous: false, timestamps: true, tailLines: 2, limitBytes: 100, sinceSeconds: 60, sinceTime: undefined,
    });
    assert.equal(parse('sinceTime=2026-01-01T00:00:00Z').sinceTime, '2026-01-01T00:00:00Z');
    assert.deepEqual(parse(''), { container: undefined, follow: false, previous: false, timestamps: false, tailLines: undefined, limitBytes: undefined, sinceSeconds: undefined, sinceTime: undefined });
  });

  it('refuses bad values with a 400 naming the option', () => {
    bad('tailLines=-1', /^tailLines: Invalid value: -1/);
    bad('tailLines=abc', /^tailLines: Invalid value: "abc"/);
    bad('limitBytes=0', /^limitBytes: Invalid value: 0: must be greater than 0/);
    bad('sinceSeconds=0', /^sinceSeconds: Invalid value: 0/);
    bad('sinceTime=yesterday', /^sinceTime: Invalid value: "yesterday"/);
    bad('follow=maybe', /^follow: Invalid value: "maybe"/);
    bad('sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z', /at most one of sinceTime or sinceSeconds/);
  });
});
