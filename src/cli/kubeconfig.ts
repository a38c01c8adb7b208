/** `kite kubeconfig [--print | -o FILE | --merge]`: the admin kubeconfig of the deployed cluster. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { writeFileAtomic, kiteContextName, mergeKiteContext, userKubeconfigPath, installPaths } from '../install/index.js';
import { CliError } from './errors.js';
import { deployedConfig, example } from './install-common.js';

interface Flags { config?: string; print?: boolean; output?: string; merge?: boolean }

export function registerKubeconfigCommand(program: Command): void {
  example(program.command('kubeconfig')
    .description('print the admin kubeconfig, write it to a file, or merge it into ~/.kube/config ($KUBECONFIG if set) as context kite-<cluster>')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .option('--print', 'print it (the default)')
    .option('-o, --output <file>', 'write it to FILE (mode 0600)')
    .option('--merge', 'merge it into your kubeconfig without touching other contexts')
    .action(async (f: Flags) => {
      if ([f.print, f.output !== undefined, f.merge].filter(Boolean).length > 1) throw new CliError('KITE_E_USAGE', '--print, -o and --merge exclude each other', undefined, 2);
      const { config } = await deployedConfig(f.config);
      const src = installPaths(config.dataDir, process.env).kubeconfig;
      if (!existsSync(src)) throw new CliError('KITE_E_NOT_READY', `${src} does not exist yet`, 'start Kite (kite start) and wait for it to be ready');
      const text = await readFile(src, 'utf8');
      if (f.output) {
        await writeFileAtomic(f.output, text, 0o600);
        console.error(`wrote ${f.output}`);
      } else if (f.merge) {
        const target = userKubeconfigPath(process.env);
        const merged = mergeKiteContext(existsSync(target) ? await readFile(target, 'utf8') : undefined, text, config.clusterName);
        await writeFileAtomic(target, merged.text, 0o600);
        console.error(`merged context ${kiteContextName(config.clusterName)} into ${target}`);
      } else process.stdout.write(text);
    }), 'kite kubeconfig --merge', 'kite kubeconfig -o ./kite.kubeconfig && kubectl --kubeconfig ./kite.kubeconfig get nodes');
}
