import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../../../../src/agent/kubelet-api/cri-log.js';
import { streamContainerLog } from '../../../../src/agent/kubelet-api/read-logs.js';

const line = (i: number, text = `line ${i}`) => `2026-01-01T00:00:${String(i).padStart(2, '0')}.000000000Z stdout F ${text}\n`;
const opts = (o: Partial<LogOptions> = {}): LogOptions => ({ follow: false, previous: false, timestamps: false, ...o });

describe('streaming a container log file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'kite-logs-')); file = join(dir, '0.log'); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const collect = async (o: LogOptions, running: () => Promise<boolean> = async () => false, signal = new AbortController().signal) => {
    let out = '';
    await streamContainerLog({ source: { file, running }, opts: o, signal, pollMs: 20, runningCheckMs: 20, write: async (b) => { out += b.toString(); } });
    return out;
  };

  it('reads the whole file, or only its last tailLines lines', async () => {
    await writeFile(file, [1, 2, 3, 4].map((i) => line(i)).join(''));
    assert.equal(await collect(opts()), 'line 1\nline 2\nline 3\nline 4\n');
    assert.equal(await collect(opts({ tailLines: 2 })), 'line 3\nline 4\n');
    assert.equal(await collect(opts({ tailLines: 0 })), '');
    assert.equal(await collect(opts({ tailLines: 2, timestamps: true })), '2026-01-01T00:00:03.000000000Z line 3\n2026-01-01T00:00:04.000000000Z line 4\n');
  });

  it('follow picks up appended lines and ends once the container stops', async () => {
    await writeFile(file, line(1));
    let running = true;
    let out = '';
    const done = streamContainerLog({
      source: { file, running: async () => running }, opts: opts({ follow: true }), signal: new AbortController().signal,
      pollMs: 20, runningCheckMs: 20, write: async (b) => { out += b.toString(); },
    });
    await sleep(60);
    await appendFile(file, line(2));
    // A line written in two pieces is only shown once complete.
    await appendFile(file, '2026-01-01T00:00:03Z stdout F half');
    await sleep(100);
    assert.equal(out, 'line 1\nline 2\n');
    await appendFile(file, ' done\n');
    running = false;
    await done;
    assert.equal(out, 'line 1\nline 2\nhalf done\n');
  });

  it('follow stops when the caller aborts', async () => {
    await writeFile(file, line(1));
    const ac = new AbortController();
    const p = collect(opts({ follow: true }), async () => true, ac.signal);
    await sleep(50);
    ac.abort();
    assert.equal(await p, 'line 1\n');
  });

  it('follow re-opens a rotated file from its start after draining the old one', async () => {
    await writeFile(file, line(1));
    let running = true;
    let out = '';
    const done = streamContainerLog({
      source: { file, running: async () => running }, opts: opts({ follow: true }), signal: new AbortController().signal,
      pollMs: 20, runningCheckMs: 20, write: async (b) => { out += b.toString(); },
    });
    await sleep(60);
    await appendFile(file, line(2));
    await rename(file, `${file}.20260101-000000`);
    await writeFile(file, line(3));
    await sleep(100);
    running = false;
    await done;
    assert.equal(out, 'line 1\nline 2\nline 3\n');
  });

  it('limitBytes ends a follow without waiting for the container', async () => {
    await writeFile(file, line(1) + line(2));
    assert.equal(await collect(opts({ follow: true, limitBytes: 3 }), async () => true), 'lin');
  });
});
