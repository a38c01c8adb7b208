/**
 * `npm run bench:install` (root; containerd, runc, CNI plugins, busybox-static installed): how long a
 * newcomer waits. Times `kite deploy` (packages already installed) from its start to the node Ready
 * line, to the command's exit, and to a demo pod (busybox httpd from the config's images[]) Running;
 * then `kite remove --force`. Everything lives in a temp root (KITE_ETC_DIR, HOME, data dir, free
 * ports) with its own pod bridge (KITE_CNI_BRIDGE) and cluster/service CIDRs, so a Kite on this
 * machine is not touched. Prints numbers, never pass/fail; goal ≤ 10 s.
 * The last line is `BENCH_RESULT {json}`. Knob: KITE_INSTALL_BENCH_N (1) rounds.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { freePort, KITE_BIN, kubectlPath } from '../test/e2e/helpers/cluster.js';
import { buildBusyboxImage } from '../test/e2e/helpers/oci-image.js';
import { machineInfo } from './machine.js';
import { printTable, round } from './stats.js';

const execFileP = promisify(execFile);
const IMAGE = 'docker.io/library/busybox:1.35';
const GOAL_S = 10;

interface Round { readyS: number; deployExitS: number; podRunningS: number; removeS: number }

const benchEnv = (root: string): NodeJS.ProcessEnv => ({
  ...process.env, HOME: path.join(root, 'home'), KITE_ETC_DIR: path.join(root, 'etc'), KITE_SERVICE_MANAGER: 'process',
  KITE_CNI_BRIDGE: `kb${path.basename(root).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`,
});

async function oneRound(root: string, i: number): Promise<Round> {
  const env = benchEnv(root);
  delete env.KUBECONFIG;
  const cfgFile = path.join(root, 'kite-config.yaml');
  await execFileP(process.execPath, [KITE_BIN, 'config', 'new', '-o', cfgFile], { env });
  const c = parse(await readFile(cfgFile, 'utf8')) as Record<string, any>;
  c.clusterName = `bench${i}`;
  c.dataDir = path.join(root, 'data');
  const svc = 200 + Math.floor(Math.random() * 50);
  Object.assign(c, { clusterCidr: `10.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 256)}.0/24`, serviceCidr: `10.${svc}.0.0/16`, clusterDns: `10.${svc}.0.10` });
  c.network = { ...c.network, apiServerPort: await freePort(), kubeletPort: await freePort(), bindAddress: '127.0.0.1' };
  c.machines[0] = { ...c.machines[0], name: `bench-install-${i}`, cpuCount: 1, memoryMB: 1024, dataSizeGB: 1 };
  c.images = [path.join(root, 'img', `${IMAGE.replace(/[/:@]/g, '_')}.tar`)];
  await writeFile(cfgFile, stringify(c));

  const t0 = performance.now();
  let readyAt = 0;
  const child = spawn(process.execPath, [KITE_BIN, 'deploy', '-c', cfgFile], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (!readyAt && /ok\s+waiting for node .* Ready/.test(out)) readyAt = performance.now();
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const exitAt = performance.now();
  if (code !== 0) throw new Error(`kite deploy exited ${code}:\n${out}`);

  const kubectl = (args: string[]) => execFileP(kubectlPath(), ['--kubeconfig', path.join(root, 'home', '.kube', 'config'), ...args], { env });
  await kubectl(['run', 'demo', `--image=${IMAGE}`, '--image-pull-policy=Never', '--restart=Never', '--',
    'sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www']);
  for (;;) {
    const phase = (await kubectl(['get', 'pod', 'demo', '-o', 'jsonpath={.status.phase}'])).stdout;
    if (phase === 'Running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const podAt = performance.now();
  const r0 = performance.now();
  await execFileP(process.execPath, [KITE_BIN, 'remove', '--force'], { env });
  const s = (ms: number) => round(ms / 1000, 2);
  return { readyS: s(readyAt - t0), deployExitS: s(exitAt - t0), podRunningS: s(podAt - t0), removeS: s(performance.now() - r0) };
}

async function main(): Promise<void> {
  const n = Number(process.env.KITE_INSTALL_BENCH_N ?? 1);
  console.log(`machine: ${JSON.stringify(await machineInfo())}`);
  const rounds: Round[] = [];
  for (let i = 0; i < n; i++) {
    const root = await mkdtemp('/tmp/kite-b-');
    try {
      await buildBusyboxImage(path.join(root, 'img'), { ref: IMAGE });
      rounds.push(await oneRound(root, i));
    } finally {
      await execFileP(process.execPath, [KITE_BIN, 'remove', '--force'], { env: benchEnv(root) }).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    }
  }
  printTable('kite deploy on this machine (packages installed)', [
    ['round', 'deploy → node Ready (s)', 'deploy exits (s)', 'deploy → demo pod Running (s)', 'kite remove (s)'],
    ...rounds.map((r, i) => [i + 1, r.readyS, r.deployExitS, r.podRunningS, r.removeS]),
  ]);
  console.log(`goal: deploy → demo pod Running ≤ ${GOAL_S} s`);
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'install', goalS: GOAL_S, rounds })}`);
}

await main();
