/** `kite dev …`: developer tools. `kite dev sim-nodes` runs simulated nodes for tests and benchmarks. */
import type { Command } from 'commander';
import { EXIT_AFTER_ANNOTATION, EXIT_CODE_ANNOTATION, READY_ANNOTATION, MAX_NODE_INDEX, MAX_PODS_PER_NODE, runSimNodes, SIM_ANNOTATION } from '../agent/sim/index.js';
import { createKubeClient, loadKubeconfig } from '../client/index.js';
import { CliError } from './errors.js';
import { createLogger } from '../logging.js';
import { rootSignal } from './signals.js';

interface SimFlags {
  kubeconfig?: string; count: string; namePrefix: string; startIndex: string; cpus: string; memoryMb: string; pods: string;
  dataSizeGb: string; label: string[]; leaseSeconds: string; leaseDurationSeconds: string; statusSeconds: string;
  pausedFile?: string; deleteOnExit?: boolean; workers: string; logFormat: string; logLevel: string;
}

const collect = (v: string, acc: string[]) => [...acc, v];

/** A numeric flag, checked at the edge so the error names the flag (STYLE rule 2). */
function num(flag: string, raw: string, o: { min: number; max?: number; int?: boolean }): number {
  const n = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(n) && n >= o.min && (o.max === undefined || n <= o.max) && (!o.int || Number.isInteger(n));
  if (!ok) {
    const range = `${o.int ? 'an integer' : 'a number'} ≥ ${o.min}${o.max === undefined ? '' : ` and ≤ ${o.max}`}`;
    throw new CliError('KITE_E_CONFIG', `--${flag}: must be ${range}, got "${raw}"`, 'run kite dev sim-nodes --help to see the accepted values', 2);
  }
  return n;
}

function labels(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of list) {
    const i = l.indexOf('=');
    if (i <= 0) throw new CliError('KITE_E_CONFIG', `--label: expected key=value, got "${l}"`, undefined, 2);
    out[l.slice(0, i)] = l.slice(i + 1);
  }
  return out;
}

const HELP = `
Simulated nodes are for tests and benchmarks only. Like kwok, nothing runs on them:
  - each node <prefix><index> carries the annotation ${SIM_ANNOTATION}: "true" and the label type=kite-sim,
    a fake InternalIP 127.1.x.y and pod CIDR 10.244.<index>.0/24 (never contacted);
  - pods bound to a node (spec.nodeName) are reported Running, with fake pod IPs from the node's CIDR;
  - a pod with restartPolicy Never or OnFailure (every Job pod) may carry
      ${EXIT_AFTER_ANNOTATION}: "N"  its containers exit N seconds after the pod started:
                                            Succeeded (terminated, reason Completed, exit code 0);
      ${EXIT_CODE_ANNOTATION}: "C"           with C ≠ 0: Failed with exit code C (reason Error; no
                                            container restarts, even with OnFailure);
  - a running pod with ${READY_ANNOTATION}: "false" reports its containers un-Ready (as a failing
    readiness probe would; Service endpoints go ready=false); remove it to make them Ready again;
  - a deleted pod is reported terminated and then removed (grace 0), so kubectl delete returns;
  - --paused-file F: while F lists a node name (one per line), that node renews neither its Lease nor
    its status and leaves its pods alone, so it goes NotReady; remove the name to resume it.
Indexes must stay within 0..${MAX_NODE_INDEX}; use --start-index to add nodes from a second process.
On SIGTERM/SIGINT the nodes stay registered (as when a kubelet stops) unless --delete-on-exit.`;

export function registerDevCommand(program: Command): void {
  const dev = program.command('dev').description('developer tools (tests and benchmarks only)');
  dev.command('sim-nodes')
    .description('register simulated nodes that renew Leases and report bound pods Running (tests and benchmarks only)')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG)', process.env.KUBECONFIG)
    .option('--count <n>', 'number of nodes', '1')
    .option('--name-prefix <prefix>', 'node names are <prefix><index>', 'sim-')
    .option('--start-index <i>', 'index of the first node', '0')
    .option('--cpus <n>', 'CPU capacity of each node (fractions allowed)', '4')
    .option('--memory-mb <n>', 'memory capacity of each node in MiB', '8192')
    .option('--pods <n>', `pod capacity of each node (at most ${MAX_PODS_PER_NODE})`, '110')
    .option('--data-size-gb <n>', 'ephemeral-storage capacity of each node in GiB', '100')
    .option('--label <key=value>', 'extra label on every node (repeatable)', collect, [])
    .option('--lease-seconds <s>', 'how often each node renews its Lease', '10')
    .option('--lease-duration-seconds <s>', 'leaseDurationSeconds written in each Lease', '40')
    .option('--status-seconds <s>', 'how often each node refreshes its Ready condition heartbeat', '60')
    .option('--paused-file <file>', 'file listing node names (one per line) whose heartbeats stop while listed')
    .option('--delete-on-exit', 'delete the nodes and their Leases when stopping')
    .option('--workers <n>', 'pod status workers', '8')
    .option('--log-format <format>', 'json or text', 'json')
    .option('--log-level <level>', 'trace, debug, info, warn, error', 'info')
    .addHelpText('after', HELP)
    .action(async (f: SimFlags) => {
      if (!f.kubeconfig) throw new CliError('KITE_E_CONFIG', '--kubeconfig: required', 'pass --kubeconfig or set KUBECONFIG', 2);
      const o = {
        count: num('count', f.count, { min: 1, max: MAX_NODE_INDEX + 1, int: true }),
        namePrefix: f.namePrefix,
        startIndex: num('start-index', f.startIndex, { min: 0, max: MAX_NODE_INDEX, int: true }),
        cpus: num('cpus', f.cpus, { min: 0.001 }),
        memoryMb: num('memory-mb', f.memoryMb, { min: 1, int: true }),
        pods: num('pods', f.pods, { min: 1, max: MAX_PODS_PER_NODE, int: true }),
        dataSizeGb: num('data-size-gb', f.dataSizeGb, { min: 1, int: true }),
        labels: labels(f.label),
        leaseRenewSeconds: num('lease-seconds', f.leaseSeconds, { min: 0.1 }),
        leaseDurationSeconds: num('lease-duration-seconds', f.leaseDurationSeconds, { min: 1, int: true }),
        statusUpdateSeconds: num('status-seconds', f.statusSeconds, { min: 0.1 }),
        pausedFile: f.pausedFile,
        deleteOnExit: Boolean(f.deleteOnExit),
        workers: num('workers', f.workers, { min: 1, max: 256, int: true }),
      };
      if (o.startIndex + o.count - 1 > MAX_NODE_INDEX) {
        throw new CliError('KITE_E_CONFIG', `--start-index/--count: indexes ${o.startIndex}..${o.startIndex + o.count - 1} exceed ${MAX_NODE_INDEX}`, undefined, 2);
      }
      if (f.logFormat !== 'json' && f.logFormat !== 'text') throw new CliError('KITE_E_CONFIG', `--log-format: must be json or text, got "${f.logFormat}"`, undefined, 2);
      process.stderr.write('simulated nodes (for tests and benchmarks only)\n');
      const log = createLogger({ format: f.logFormat, level: f.logLevel });
      let creds;
      try { creds = loadKubeconfig(f.kubeconfig); } catch (e) {
        throw new CliError('KITE_E_KUBECONFIG', `--kubeconfig: ${(e as Error).message}`, undefined, 2);
      }
      const client = createKubeClient({ ...creds, userAgent: 'kite-sim-nodes' });
      const { signal } = rootSignal();
      try {
        await runSimNodes({ ...o, client, log }, signal);
      } finally {
        client.close();
      }
    });
}
