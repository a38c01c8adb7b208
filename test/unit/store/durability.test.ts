import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { createSqliteStore } from '../../../src/store/index.js';
import { text } from './helpers.js';

const writer = fileURLToPath(new URL('./fixtures/writer.js', import.meta.url));

/** Runs the writer, SIGKILLs it `killAfterMs` after it is ready; returns the acknowledged writes. */
async function writeUntilKilled(file: string, prefix: string, killAfterMs: number): Promise<Map<string, string>> {
  const acked = new Map<string, string>();
  const child = spawn(process.execPath, [writer, file, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'ready') {
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      continue;
    }
    const space = line.indexOf(' ');
    acked.set(line.slice(0, space), line.slice(space + 1));
  }
  assert.equal(await exited, 'SIGKILL', 'the writer only stops when killed');
  return acked;
}

describe('sqlite store durability', () => {
  it('every acknowledged write survives kill -9 of the writer, across repeated crashes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kite-durability-'));
    const file = join(dir, 'state.db');
    const all = new Map<string, string>();
    let lastRev = 0;
    try {
      for (let round = 0; round < 10; round++) {
        const acked = await writeUntilKilled(file, `/d/${round}/`, 50 + Math.floor(Math.random() * 350));
        for (const [k, v] of acked) all.set(k, v);
        const store = createSqliteStore({ file });
        try {
          const rev = await store.currentRev();
          assert.ok(rev >= lastRev, `revision went backwards: ${rev} < ${lastRev}`);
          lastRev = rev;
          const got = new Map((await store.list('/d/')).kvs.map((kv) => [kv.key, text(kv)]));
          for (const [k, v] of all) assert.equal(got.get(k), v, `acknowledged write ${k} is missing or wrong`);
        } finally {
          await store.close();
        }
      }
      assert.ok(all.size > 0, 'the writer acknowledged some writes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
