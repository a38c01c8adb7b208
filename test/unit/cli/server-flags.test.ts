/** `kite server` refuses bad network flags up front: exit 2, one line naming the flag, nothing created. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/cli/main.js');
const kite = (args: string[]) => new Promise<{ code: number; stderr: string }>((resolve) => {
  execFile(process.execPath, [MAIN, ...args], (err, _out, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }));
});

test('overlapping CIDRs, a bad NodePort range or LB range stop kite server with exit 2 before it touches its data dir', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kite-flags-'));
  try {
    const data = path.join(dir, 'data');
    const cases: Array<[string[], RegExp]> = [
      [['--service-cidr', '10.42.0.0/20'], /--service-cidr: 10\.42\.0\.0\/20 overlaps --cluster-cidr 10\.42\.0\.0\/16/],
      [['--service-node-port-range', '40000-30000'], /--service-node-port-range: must be "min-max"/],
      [['--lb-range-start', '10.43.1.0', '--lb-range-size', '4'], /--lb-range-start: range 10\.43\.1\.0 \(\+4\) overlaps --service-cidr/],
      [['--disable', 'kube-proxy'], /--disable: must be one of service-proxy, dns, servicelb/],
    ];
    for (const [flags, message] of cases) {
      const r = await kite(['server', '--data-dir', data, '--https-port', '0', ...flags]);
      assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.deepEqual(await readdir(dir), [], 'no data dir was created');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
