/** `kite logs --bundle out.tar.gz`: everything needed to debug a deployment, in one archive. */
import type { Command } from 'commander';
import { writeLogsBundle, installPaths } from '../install/index.js';
import { CliError } from './errors.js';
import { deployedConfig, example, KITE_VERSION } from './install-common.js';

export function registerLogsCommand(program: Command): void {
  example(program.command('logs')
    .description('collect Kite and containerd logs, node and failing-pod descriptions, events and the redacted config')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .option('--bundle <file>', 'write a .tar.gz bundle (without it: print where the logs are)')
    .action(async (f: { config?: string; bundle?: string }) => {
      const { config, file } = await deployedConfig(f.config);
      if (!f.bundle) {
        const p = installPaths(config.dataDir, process.env);
        console.log(`Kite log: ${p.logFile}\ncontainerd log: ${config.dataDir}/agent/containerd/containerd.log\nbundle: kite logs --bundle kite-logs.tar.gz`);
        return;
      }
      if (!/\.(tar\.gz|tgz)$/.test(f.bundle)) throw new CliError('KITE_E_USAGE', `--bundle: must end in .tar.gz or .tgz, got "${f.bundle}"`, undefined, 2);
      const files = await writeLogsBundle(config, file, f.bundle, process.env, KITE_VERSION);
      console.log(`wrote ${f.bundle} (${files.join(', ')})`);
    }), 'kite logs --bundle kite-logs.tar.gz');
}
