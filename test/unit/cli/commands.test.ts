/** The install commands through the real CLI entry (no root, nothing deployed): usage, exit codes, help. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseClusterConfigText } from '../../../src/config/cluster-config.js';
import { validateClusterConfig } from '../../../src/config/cluster-config-validate.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/cli/main.js');
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kite-cli-'));
  env = { ...process.env, KITE_ETC_DIR: path.join(dir, 'etc'), HOME: dir, KITE_SERVICE_MANAGER: 'process' };
});
after(() => rm(dir, { recursive: true, force: true }));

const kite = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, [MAIN, ...args], { env }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
});

test('every install command has --help with an example', async () => {
  for (const cmd of [['config', 'new'], ['config', 'check'], ['deploy'], ['info'], ['kubeconfig'], ['start'], ['stop'], ['status'], ['remove'], ['logs']]) {
    const r = await kite([...cmd, '--help']);
    assert.equal(r.code, 0, cmd.join(' '));
    assert.match(r.stdout, /Example:\n {2}\$ kite /, cmd.join(' '));
  }
});

test('config new prints a config that validates; -o picks JSON from the extension', async () => {
  const r = await kite(['config', 'new', '--type', 'scalable']);
  assert.equal(r.code, 0, r.stderr);
  const v = validateClusterConfig(parseClusterConfigText(r.stdout));
  assert.ok(v.ok, JSON.stringify(v));
  assert.equal(v.config.deploymentType, 'Scalable');
  const file = path.join(dir, 'c.json');
  assert.equal((await kite(['config', 'new', '-o', file])).code, 0);
  const { readFile } = await import('node:fs/promises');
  assert.equal(JSON.parse(await readFile(file, 'utf8')).kind, 'ClusterConfig');
});

test('config check of a bad config exits 2 and names each field', async () => {
  const file = path.join(dir, 'bad.yaml');
  await writeFile(file, 'apiVersion: kite.dev/v1alpha1\nkind: ClusterConfig\ndeploymentType: Big\nmachines:\n  - name: a\n    cpuCount: 0\n    memoryMB: 512\n');
  const r = await kite(['config', 'check', '-c', file, '--schema-only']);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /deploymentType: must be one of SingleMachine, Scalable \(got "Big"\)/);
  assert.match(r.stdout, /machines\[0\]\.cpuCount: must be >= 1/);
  assert.match(r.stderr, /^error: .*bad\.yaml: .* \(and 1 more\)\nhint: /);
});

test('bad usage exits 2; commands that need a deployment say it is missing (exit 1)', async () => {
  assert.equal((await kite(['deploy'])).code, 2, 'missing -c');
  assert.equal((await kite(['config', 'new', '--type', 'huge'])).code, 2);
  assert.equal((await kite(['info', '-o', 'xml', '-c', '/nonexistent.yaml'])).code, 2);
  const r = await kite(['status']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Kite is not deployed here \(no .*etc\/config\.yaml\)/);
  const rm2 = await kite(['remove']);
  assert.equal(rm2.code, 2, 'remove without a TTY needs --force');
  const nothing = await kite(['remove', '--force']);
  assert.equal(nothing.code, 0);
  assert.match(nothing.stdout, /nothing to remove/);
});
