/**
 * `kite logs --bundle out.tar.gz` (like Get-AksEdgeLogs): Kite's and containerd's logs, `describe`
 * of the nodes and of pods that are not running, events, `kite info`, and the deployed config with
 * secrets redacted — one archive to attach to a bug report.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { containerdPaths } from '../agent/containerd/index.js';
import type { ClusterConfig } from '../config/cluster-config.js';
import { clusterInfo } from './info.js';
import { installPaths } from './paths.js';

const execFileP = promisify(execFile);
const REDACTED = '<redacted>';

/** Tokens and passwords in URLs are replaced; the rest of the file (comments too) stays. */
export function redactConfig(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text.replace(/(token\s*[:=]\s*).*/gi, `$1${REDACTED}`);
  if (doc.hasIn(['hub', 'token'])) doc.setIn(['hub', 'token'], REDACTED);
  for (const k of ['httpProxy', 'httpsProxy']) {
    const v = doc.getIn(['network', 'proxy', k]);
    if (typeof v === 'string') doc.setIn(['network', 'proxy', k], v.replace(/\/\/[^@/]*@/, `//${REDACTED}@`));
  }
  return doc.toString();
}

async function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  try {
    const r = await execFileP('kubectl', ['--kubeconfig', kubeconfig, '--request-timeout', '10s', ...args], { maxBuffer: 64 << 20 });
    return r.stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}\n# kubectl ${args.join(' ')} failed: ${err.stderr ?? err.message}\n`;
  }
}

export async function writeLogsBundle(cfg: ClusterConfig, configFile: string | undefined, out: string, env: NodeJS.ProcessEnv, kiteVersion: string): Promise<string[]> {
  const p = installPaths(cfg.dataDir, env);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kite-logs-'));
  const files: string[] = [];
  const put = async (name: string, data: string) => { await writeFile(path.join(dir, name), data); files.push(name); };
  try {
    const ctd = containerdPaths(cfg.dataDir);
    for (const [src, name] of [[p.logFile, 'kite.log'], [`${p.logFile}.1`, 'kite.log.1'], [ctd.log, 'containerd.log'], [`${ctd.log}.1`, 'containerd.log.1']] as const) {
      await copyFile(src, path.join(dir, name)).then(() => files.push(name), () => undefined);
    }
    if (configFile) await put('config.yaml', redactConfig(await readFile(configFile, 'utf8').catch(() => '# not readable\n')));
    await put('info.json', `${JSON.stringify(await clusterInfo(cfg, env, kiteVersion), null, 2)}\n`);
    await put('nodes-describe.txt', await kubectl(p.kubeconfig, ['describe', 'nodes']));
    await put('pods.txt', await kubectl(p.kubeconfig, ['get', 'pods', '-A', '-o', 'wide']));
    const failing = await kubectl(p.kubeconfig, ['get', 'pods', '-A', '--field-selector', 'status.phase!=Running,status.phase!=Succeeded', '-o', 'jsonpath={range .items[*]}{.metadata.namespace} {.metadata.name}{"\\n"}{end}']);
    let describe = '';
    for (const line of failing.split('\n').filter((l) => /^\S+ \S+$/.test(l)).slice(0, 50)) {
      const [ns, name] = line.split(' ') as [string, string];
      describe += `${await kubectl(p.kubeconfig, ['describe', 'pod', '-n', ns, name])}\n---\n`;
    }
    await put('pods-failing-describe.txt', describe || '# every pod is Running or Succeeded\n');
    await put('events.txt', await kubectl(p.kubeconfig, ['get', 'events', '-A', '--sort-by', '.lastTimestamp']));
    await execFileP('tar', ['-czf', path.resolve(out), '-C', dir, ...files]);
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
