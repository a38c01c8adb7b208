/**
 * Streams one container's CRI log file: what is there now (optionally only its tail), then, with
 * `follow`, whatever is appended until the container stops or the caller goes away. Appends are
 * noticed through fs.watch, with a poll as the fallback (watch events can be lost or unsupported),
 * and a file replaced under the same name (rotation) is re-opened from its start.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { CriLineAssembler, LineSplitter, LogFormatter, type LogOptions, type LogRecord } from './cri-log.js';

export interface LogSource {
  file: string;
  /** Whether the container writing `file` may still append to it; following stops once it is false. */
  running(): Promise<boolean>;
}

export interface StreamLogOptions {
  source: LogSource;
  opts: LogOptions;
  /** Sends bytes to the client; resolves when it can take more (backpressure). */
  write(chunk: Buffer): Promise<void>;
  signal: AbortSignal;
  /** Poll interval while following (default 250 ms). */
  pollMs?: number;
  /** How often a follower asks whether the container still runs (default 1 s). */
  runningCheckMs?: number;
}

const CHUNK = 64 * 1024;

/** Resolves once everything asked for has been written (or the signal aborted). */
export async function streamContainerLog(o: StreamLogOptions): Promise<void> {
  const { opts, signal } = o;
  const fmt = new LogFormatter(opts);
  const asm = new CriLineAssembler();
  const file = new TailedFile(o.source.file);
  const emit = async (recs: LogRecord[]) => {
    const b = fmt.format(recs);
    if (b.length && !signal.aborted) await o.write(b);
  };
  try {
    const toRecords = (lines: string[]) => lines.map((l) => asm.push(l)).filter((r): r is LogRecord => r !== undefined);
    let recs = toRecords(await file.readNew());
    if (opts.tailLines !== undefined) recs = recs.slice(Math.max(0, recs.length - opts.tailLines));
    await emit(recs);
    if (opts.follow) await follow(o, fmt, async () => emit(toRecords(await file.readNew())));
    await emit(asm.flush());
  } finally {
    await file.close();
  }
}

async function follow(o: StreamLogOptions, fmt: LogFormatter, readMore: () => Promise<void>): Promise<void> {
  const { signal } = o;
  const wake = new Wakeup(signal);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(o.source.file, { persistent: false }, () => wake.fire());
    watcher.on('error', () => undefined); // the poll below still runs
  } catch { /* fs.watch unsupported here: poll only */ }
  let lastCheck = Date.now();
  try {
    while (!signal.aborted && !fmt.exhausted) {
      await wake.wait(o.pollMs ?? 250);
      await readMore();
      if (Date.now() - lastCheck >= (o.runningCheckMs ?? 1000)) {
        lastCheck = Date.now();
        if (!(await o.source.running())) {
          await readMore(); // what the container wrote just before it stopped
          return;
        }
      }
    }
  } finally {
    watcher?.close();
    wake.dispose();
  }
}

/** A read position in a file that can be re-opened when the file is replaced. */
class TailedFile {
  private fh?: FileHandle;
  private ino = 0;
  private offset = 0;
  private split = new LineSplitter();

  constructor(private readonly path: string) {}

  /**
   * Complete lines appended since the last call. When the name now points at a new file (rotation)
   * or the file shrank (truncation), the old file is drained first, then the new one read from 0.
   */
  async readNew(): Promise<string[]> {
    const lines = await this.drain();
    const st = await stat(this.path).catch(() => undefined);
    if (!st || (st.ino === this.ino && st.size >= this.offset)) return lines;
    await this.close();
    this.offset = 0;
    this.split = new LineSplitter();
    lines.push(...(await this.drain()));
    return lines;
  }

  private async drain(): Promise<string[]> {
    if (!this.fh) {
      this.fh = await open(this.path, 'r');
      this.ino = (await this.fh.stat()).ino;
    }
    const lines: string[] = [];
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await this.fh.read(buf, 0, CHUNK, this.offset);
      if (bytesRead === 0) return lines;
      this.offset += bytesRead;
      lines.push(...this.split.push(buf.subarray(0, bytesRead)));
    }
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }
}

/** Wakes a waiting follower on a watch event, after a poll interval, or on abort. */
class Wakeup {
  private resolve?: () => void;
  private fired = false;
  private readonly onAbort = () => this.fire();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  fire(): void {
    this.fired = true;
    this.resolve?.();
  }

  wait(ms: number): Promise<void> {
    if (this.fired || this.signal.aborted) {
      this.fired = false;
      return Promise.resolve();
    }
    return new Promise<void>((r) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() { clearTimeout(t); self.resolve = undefined; self.fired = false; r(); }
      this.resolve = done;
    });
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.resolve?.();
  }
}
