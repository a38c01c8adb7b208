/** `kite server`: run the control plane (and, later, the node agent) in the foreground. */
import { Option, type Command } from 'commander';
import { DISABLEABLE } from '../config/network.js';
import { resolveServerConfig, type ServerFlags } from '../config/server.js';
import { runServer } from '../server.js';
import { CliError } from './errors.js';
import { createLogger } from '../logging.js';
import { rootSignal } from './signals.js';

const collect = (v: string, acc: string[]) => [...acc, v];

export function registerServerCommand(program: Command): void {
  program.command('server')
    .description('run the Kite control plane in the foreground (API server on an embedded SQLite store)')
    .option('--data-dir <dir>', 'state directory (store, PKI, kubeconfig)', '/var/lib/kite')
    .option('--https-port <port>', 'API server port', '6443')
    .option('--bind-address <ip>', 'address the API server listens on', '127.0.0.1')
    .option('--disable-agent', 'run without the node agent (control plane only)')
    .option('--node-name <name>', 'this machine\'s node name (default: hostname)')
    .option('--datastore <kind>', 'sqlite or etcd', 'sqlite')
    .option('--cpus <n>', 'CPUs allocated to this machine\'s workloads')
    .option('--memory-mb <n>', 'memory (MiB) allocated to this machine\'s workloads')
    .option('--data-size-gb <n>', 'storage (GiB) allocated to this machine\'s workloads')
    .option('--tls-san <name>', 'extra hostname or IP for the serving certificate (repeatable)', collect, [])
    .option('--log-format <format>', 'json or text', 'json')
    .option('--log-level <level>', 'trace, debug, info, warn, error', 'info')
    .option('--watch-bookmark-seconds <n>', 'interval of watch BOOKMARK events', '60')
    .option('--sqlite-synchronous <mode>', 'FULL (default, durable) or NORMAL')
    .option('--compact-interval-seconds <n>', 'how often old store revisions are compacted', '300')
    .option('--compact-retain <n>', 'revisions kept watchable after compaction', '10000')
    .option('--node-monitor-grace-seconds <n>', 'node silence before it is marked NotReady/Unknown', '40')
    .option('--kubelet-port <port>', 'port of the node agent\'s kubelet API (logs, exec, stats)', '10250')
    .option('--control-loops-thread', 'run controllers and scheduler on a worker thread (big clusters: more throughput, ~25 MiB more memory)')
    .option('--cluster-cidr <cidr>', 'pod addresses; each node gets a /24 of it', '10.42.0.0/16')
    .option('--service-cidr <cidr>', 'ClusterIP addresses', '10.43.0.0/16')
    .option('--cluster-dns <ip>', 'cluster DNS Service IP (default: 10th address of --service-cidr)')
    .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local')
    .option('--service-node-port-range <min-max>', 'NodePort range', '30000-32767')
    .option('--lb-range-start <ip>', 'first LoadBalancer IP (default: LoadBalancers use the node address)')
    .option('--lb-range-size <n>', 'number of LoadBalancer IPs from --lb-range-start')
    .option('--node-ip <ip>', 'this machine\'s InternalIP (default: address of the default route)')
    .option('--dns-upstream <ip[:port]>', 'resolver for names outside the cluster (repeatable; default: /etc/resolv.conf)', collect, [])
    .option('--disable <component>', `leave out a part of the network stack: ${DISABLEABLE.join(', ')} (repeatable)`, collect, [])
    .addOption(new Option('--cni-bridge <name>', 'the pod network bridge (tests running several servers on one host)').default('kite0').hideHelp())
    .action(async (flags: ServerFlags) => {
      const cfg = resolveServerConfig(flags, process.env);
      const log = createLogger(cfg.log);
      const { signal, requestShutdown } = rootSignal();
      const handle = await runServer(cfg, log, signal, requestShutdown);
      await handle.stopped;
      // Stopped by a failing component rather than by a signal: exit non-zero with its reason.
      if (signal.reason instanceof Error && !/^SIG[A-Z]+$/.test(signal.reason.message)) {
        throw new CliError('KITE_E_SERVER', signal.reason.message, 'see the log above; run with --disable-agent to start the control plane alone');
      }
    });
}
