/** `kite deploy -c FILE`: bring up (or confirm) the cluster a ClusterConfig describes. */
import type { Command } from 'commander';
import { deploy, createProgress } from '../install/index.js';
import { CliError } from './errors.js';
import { asCli, example } from './install-common.js';

interface DeployFlags { config: string; force?: boolean; installDeps?: boolean; timeout: string }

export function registerDeployCommand(program: Command): void {
  example(program.command('deploy')
    .description('check the host, write /etc/kite/config.yaml, start Kite as a service, wait for the node to be Ready and merge the kubeconfig')
    .requiredOption('-c, --config <file>', 'the ClusterConfig (YAML or JSON)')
    .option('--force', 'redeploy even if this config (or another one) is already deployed')
    .option('--install-deps', 'install missing Debian packages without asking')
    .option('--timeout <seconds>', 'how long to wait for each readiness step', '120')
    .action(async (f: DeployFlags) => {
      const seconds = Number(f.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError('KITE_E_USAGE', `--timeout: must be a positive number of seconds, got "${f.timeout}"`, undefined, 2);
      const t0 = Date.now();
      const r = await asCli(() => deploy({
        configFile: f.config, force: Boolean(f.force), installDeps: Boolean(f.installDeps), interactive: Boolean(process.stdin.isTTY),
        timeoutMs: seconds * 1000, env: process.env, progress: createProgress(),
      }));
      if (!r.changed) return;
      console.log(`\nKite is running: cluster ${r.config.clusterName}, node ${r.nodeName} Ready in ${((r.timings.readyMs ?? 0) / 1000).toFixed(1)}s (deploy took ${((Date.now() - t0) / 1000).toFixed(1)}s).`);
      console.log(`kubectl uses context ${r.context} (${r.kubeconfigFile}). Next:`);
      console.log('  kubectl get nodes');
      console.log('  kite info');
      console.log('  kubectl create deployment web --image=<image>   # images: kite images import app.tar');
    }), 'kite deploy -c kite-config.yaml', 'kite deploy -c kite-config.yaml --install-deps --force');
}
