import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CriLineAssembler, formatNs, LineSplitter, LogFormatter, parseRfc3339Ns, type LogRecord } from '../../../../src/agent/kubelet-api/cri-log.js';

const records = (lines: string[]) => {
  const a = new CriLineAssembler();
  return lines.map((l) => a.push(l)).filter((r): r is LogRecord => r !== undefined);
};

describe('CRI log parsing', () => {
  it('strips the prefix of full lines and keeps stdout and stderr in file order', () => {
    const r = records([
      '2026-01-01T00:00:00.123456789Z stdout F line 1',
      '2026-01-01T00:00:01Z stderr F oops',
      '2026-01-01T00:00:02.5Z stdout F ',
    ]);
    assert.deepEqual(r.map((x) => [x.stream, x.text]), [['stdout', 'line 1\n'], ['stderr', 'oops\n'], ['stdout', '\n']]);
    assert.deepEqual(r.map((x) => x.ts), ['2026-01-01T00:00:00.123456789Z', '2026-01-01T00:00:01.000000000Z', '2026-01-01T00:00:02.500000000Z']);
  });

  it('joins partial fragments per stream under the first fragment\'s time', () => {
    const r = records([
      '2026-01-01T00:00:00.000000001Z stdout P hel',
      '2026-01-01T00:00:00.000000002Z stderr F err',
      '2026-01-01T00:00:00.000000003Z stdout P lo ',
      '2026-01-01T00:00:00.000000004Z stdout F world',
    ]);
    assert.deepEqual(r.map((x) => x.text), ['err\n', 'hello world\n']);
    assert.equal(r[1]!.ts, '2026-01-01T00:00:00.000000001Z');
  });

  it('an unfinished partial line is flushed without a newline; malformed lines are skipped', () => {
    const a = new CriLineAssembler();
    assert.equal(a.push('garbage'), undefined);
    assert.equal(a.push('2026-01-01T00:00:00Z stdout P no end'), undefined);
    assert.deepEqual(a.flush().map((x) => x.text), ['no end']);
    assert.deepEqual(a.flush(), []);
  });

  it('times with an offset are shown in UTC with nine fraction digits', () => {
    const ns = parseRfc3339Ns('2026-01-01T02:00:00.12+02:00');
    assert.equal(formatNs(ns!), '2026-01-01T00:00:00.120000000Z');
    assert.equal(parseRfc3339Ns('yesterday'), undefined);
  });

  it('splits a byte stream into lines and keeps a trailing fragment for the next chunk', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('a\nb')), ['a']);
    assert.deepEqual(s.push(Buffer.from('c\n\nd')), ['bc', '']);
  });
});

describe('log formatting options', () => {
  const recs = records([
    '2026-01-01T00:00:00Z stdout F one',
    '2026-01-01T00:00:10Z stdout F two',
    '2026-01-01T00:00:20Z stdout F three',
  ]);

  it('timestamps=true prefixes each line with its time', () => {
    const out = new LogFormatter({ timestamps: true }).format(recs).toString();
    assert.equal(out, '2026-01-01T00:00:00.000000000Z one\n2026-01-01T00:00:10.000000000Z two\n2026-01-01T00:00:20.000000000Z three\n');
  });

  it('since skips older lines, keeping one exactly at the boundary', () => {
    const out = new LogFormatter({ timestamps: false, sinceNs: parseRfc3339Ns('2026-01-01T00:00:10Z') }).format(recs).toString();
    assert.equal(out, 'two\nthree\n');
  });

  it('limitBytes cuts mid-line and then reports itself exhausted', () => {
    const f = new LogFormatter({ timestamps: false, limitBytes: 6 });
    assert.equal(f.format(recs).toString(), 'one\ntw');
    assert.equal(f.exhausted, true);
    assert.equal(f.format(recs).length, 0);
  });
});
