/**
 * The CRI log format containerd writes for each container (`<RFC3339Nano> stdout|stderr F|P <text>`),
 * turned into what `kubectl logs` shows: partial (`P`) records joined with the full (`F`) one that ends
 * them, the prefix stripped, and the kubelet's options (since, timestamps, limitBytes) applied.
 */

/** One log line as the reader emits it: the first fragment's time, and the text with its newline. */
export interface LogRecord {
  /** Nanoseconds since the epoch (bigint: nanosecond times do not fit a double). */
  ns: bigint;
  /** `2026-01-01T00:00:00.123456789Z`, the kubelet's fixed-width RFC 3339 in UTC. */
  ts: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Lines older than this (ns since the epoch) are skipped. */
  sinceNs?: bigint;
  limitBytes?: number;
}

const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) (stdout|stderr) ([FP]) ?(.*)$/s;

/** Parses an RFC 3339 time with up to nanosecond precision; undefined when it is not one. */
export function parseRfc3339Ns(s: string): bigint | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return undefined;
  return toNs(m[1]!, m[2], m[3]!);
}

function toNs(secs: string, frac: string | undefined, zone: string): bigint | undefined {
  const ms = Date.parse(`${secs}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
}

/** The kubelet's `RFC3339NanoFixed` in UTC: always nine fraction digits, so columns line up. */
export function formatNs(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(secs) * 1000).toISOString().slice(0, 19)}.${frac}Z`;
}

interface Fragment { ns: bigint; stream: 'stdout' | 'stderr'; partial: boolean; text: string }

function parseLine(line: string): Fragment | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const ns = toNs(m[1]!, m[2], m[3]!);
  if (ns === undefined) return undefined;
  return { ns, stream: m[4] as 'stdout' | 'stderr', partial: m[5] === 'P', text: m[6]! };
}

/**
 * Turns raw file lines (without their `\n`) into records. Partial fragments wait per stream for the
 * full record that completes them, as the kubelet joins them; malformed lines are skipped, as the
 * kubelet does after logging them.
 */
export class CriLineAssembler {
  private readonly pending = new Map<'stdout' | 'stderr', { ns: bigint; text: string }>();

  push(line: string): LogRecord | undefined {
    const f = parseLine(line);
    if (!f) return undefined;
    const prev = this.pending.get(f.stream);
    const ns = prev?.ns ?? f.ns;
    const text = (prev?.text ?? '') + f.text;
    if (f.partial) {
      this.pending.set(f.stream, { ns, text });
      return undefined;
    }
    this.pending.delete(f.stream);
    return { ns, ts: formatNs(ns), stream: f.stream, text: `${text}\n` };
  }

  /** Unfinished partial lines, emitted without a newline when the log ends (the container is gone). */
  flush(): LogRecord[] {
    const out = [...this.pending].map(([stream, p]) => ({ ns: p.ns, ts: formatNs(p.ns), stream, text: p.text }));
    this.pending.clear();
    return out.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  }
}

/** Splits a byte stream into lines; the tail after the last `\n` waits for more data. */
export class LineSplitter {
  private rest = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, start)) {
      lines.push(buf.subarray(start, i).toString('utf8'));
      start = i + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
    return lines;
  }
}

/** Writes records as the kubelet does: since filter, optional timestamp prefix, a byte budget. */
export class LogFormatter {
  private left: number;

  constructor(private readonly o: Pick<LogOptions, 'timestamps' | 'sinceNs' | 'limitBytes'>) {
    this.left = o.limitBytes ?? Infinity;
  }

  /** True once `limitBytes` is spent: the caller stops reading. */
  get exhausted(): boolean { return this.left <= 0; }

  /** The bytes to send for these records (possibly cut mid-line by limitBytes). */
  format(records: LogRecord[]): Buffer {
    const parts: Buffer[] = [];
    for (const r of records) {
      if (this.left <= 0) break;
      if (this.o.sinceNs !== undefined && r.ns < this.o.sinceNs) continue;
      let b = Buffer.from(this.o.timestamps ? `${r.ts} ${r.text}` : r.text, 'utf8');
      if (b.length > this.left) b = b.subarray(0, this.left);
      this.left -= b.length;
      parts.push(b);
    }
    return Buffer.concat(parts);
  }
}
