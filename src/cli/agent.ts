/** `kite agent --server URL --token T`: join a cluster and run this machine's node agent in the foreground. */
import { Option, type Command } from 'commander';
import { resolveAgentConfig, type AgentFlags } from '../config/agent.js';
import { runAgent } from '../agent-main.js';
import { JoinError } from '../join/index.js';
import { createLogger } from '../logging.js';
import { CliError } from './errors.js';
import { rootSignal } from './signals.js';

const collect = (v: string, acc: string[]) => [...acc, v];

const HELP = `
The first start joins with the bootstrap token: the agent verifies the cluster CA published in
kube-public/cluster-info with the token (and --ca-cert-hash when given), asks for its node client
certificate through a CertificateSigningRequest (auto-approved for bootstrap tokens) and keeps it in
DIR/agent/pki/. Later starts reuse that certificate and need no token. Network settings (pod and
Service CIDRs, cluster DNS) come from the server.

Example:
  # on a control-plane machine
  kite token create --ttl 2h
  # on the new machine
  kite agent --server https://10.0.0.1:6443 --token abcdef.0123456789abcdef --cpus 2 --memory-mb 2048`;

export function registerAgentCommand(program: Command): void {
  program.command('agent')
    .description('join a cluster with a bootstrap token and run the node agent in the foreground')
    .option('--server <url>', 'the API server, e.g. https://10.0.0.1:6443 (env KITE_SERVER)')
    .option('--token <token>', 'bootstrap token from `kite token create` (env KITE_TOKEN; only the first start needs it)')
    .option('--ca-cert-hash <sha256:hex>', 'also pin the cluster CA by the SHA-256 of its public key (as kubeadm)')
    .option('--data-dir <dir>', 'state directory (node credentials, containerd, pods)', '/var/lib/kite')
    .option('--node-name <name>', 'this machine\'s node name (default: hostname)')
    .option('--cpus <n>', 'CPUs allocated to this machine\'s workloads')
    .option('--memory-mb <n>', 'memory (MiB) allocated to this machine\'s workloads')
    .option('--data-size-gb <n>', 'storage (GiB) allocated to this machine\'s workloads')
    .option('--kubelet-port <port>', 'port of the kubelet API (logs, exec, stats)', '10250')
    .option('--node-ip <ip>', 'this machine\'s InternalIP (default: address of the default route)')
    .option('--disable <component>', 'leave out a node-local part: service-proxy, dns (repeatable)', collect, [])
    .option('--log-format <format>', 'json or text', 'json')
    .option('--log-level <level>', 'trace, debug, info, warn, error', 'info')
    .addOption(new Option('--cni-bridge <name>', 'the pod network bridge (tests running several agents on one host)').default('kite0').hideHelp())
    .addHelpText('after', HELP)
    .action(async (flags: AgentFlags) => {
      const cfg = resolveAgentConfig(flags, process.env);
      const log = createLogger(cfg.log);
      const { signal, requestShutdown } = rootSignal();
      let handle;
      try {
        handle = await runAgent(cfg, log, signal, requestShutdown);
      } catch (e) {
        if (e instanceof JoinError) throw new CliError(e.exit === 2 ? 'KITE_E_JOIN' : 'KITE_E_UNAVAILABLE', e.message, e.hint, e.exit);
        if (signal.aborted) return;
        throw e;
      }
      await handle.stopped;
      if (signal.reason instanceof Error && !/^SIG[A-Z]+$/.test(signal.reason.message)) {
        throw new CliError('KITE_E_AGENT', signal.reason.message, 'see the log above');
      }
    });
}
