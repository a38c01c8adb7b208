/** `kite info [-o text|json|yaml]`: version, cluster, nodes (allocation vs usage), endpoints, ranges, service. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { clusterInfo, renderInfoText } from '../install/index.js';
import { deployedConfig, example, KITE_VERSION, outputFormat } from './install-common.js';

export function registerInfoCommand(program: Command): void {
  example(program.command('info')
    .description('show the deployed cluster: version, nodes with allocation and usage, API endpoint, service and LB ranges, datastore, service state')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .action(async (f: { config?: string; output?: string }) => {
      const format = outputFormat(f.output, ['text', 'json', 'yaml']);
      const { config } = await deployedConfig(f.config);
      const info = await clusterInfo(config, process.env, KITE_VERSION);
      if (format === 'json') console.log(JSON.stringify(info, null, 2));
      else if (format === 'yaml') process.stdout.write(stringify(info));
      else console.log(renderInfoText(info));
    }), 'kite info', 'kite info -o json');
}
