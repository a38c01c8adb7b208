/** `kite remove [--force]`: stop Kite and remove everything it put on this machine. */
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { createProgress, removeDeployment } from '../install/index.js';
import { CliError } from './errors.js';
import { asCli, example } from './install-common.js';

export function registerRemoveCommand(program: Command): void {
  example(program.command('remove')
    .description('stop Kite and remove its containers, cgroups, iptables chains, bridge, state, service and kubeconfig context (safe to run twice)')
    .option('-c, --config <file>', 'the config the cluster was deployed with (default: the deployed one)')
    .option('--force', 'do not ask for confirmation')
    .action(async (f: { config?: string; force?: boolean }) => {
      if (!f.force) {
        if (!process.stdin.isTTY) throw new CliError('KITE_E_USAGE', 'refusing to remove without confirmation', 'run kite remove --force', 2);
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question('Remove Kite, its workloads and all cluster state from this machine? [y/N] ');
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) { console.log('nothing removed'); return; }
      }
      const r = await asCli(() => removeDeployment({ configFile: f.config, env: process.env, progress: createProgress() }));
      console.log(r.removedAnything ? 'Kite removed.' : 'Nothing of Kite was left to remove.');
    }), 'kite remove --force');
}
