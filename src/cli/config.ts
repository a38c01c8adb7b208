/** `kite config new` (a template for this machine) and `kite config check` (schema + host checks). */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readClusterConfigFile } from '../config/cluster-config.js';
import { clusterConfigTemplate, renderClusterConfig } from '../config/cluster-config-template.js';
import { formatIssue, validateClusterConfig } from '../config/cluster-config-validate.js';
import { gatherHostFacts } from '../config/host-checks-facts.js';
import { renderCheckTable, runHostChecks } from '../config/host-checks.js';
import { serviceManager } from '../install/index.js';
import { CliError } from './errors.js';
import { example } from './install-common.js';

interface NewFlags { type: string; output?: string; format?: string }
interface CheckFlags { config: string; schemaOnly?: boolean }

async function runNew(f: NewFlags): Promise<void> {
  const type = ({ single: 'SingleMachine', scalable: 'Scalable' } as const)[f.type as 'single' | 'scalable'];
  if (!type) throw new CliError('KITE_E_USAGE', `--type: must be single or scalable, got "${f.type}"`, undefined, 2);
  const format = f.format ?? (f.output?.endsWith('.json') ? 'json' : 'yaml');
  if (format !== 'yaml' && format !== 'json') throw new CliError('KITE_E_USAGE', `--format: must be yaml or json, got "${format}"`, undefined, 2);
  const facts = await gatherHostFacts();
  const text = renderClusterConfig(clusterConfigTemplate(type, { ...facts, freeDiskGB: await facts.freeDiskGB('/var/lib/kite') }), format);
  if (f.output) {
    await writeFile(f.output, text, { flag: 'w', mode: 0o600 });
    console.error(`wrote ${f.output}; check it with: kite config check -c ${f.output}`);
  } else process.stdout.write(text);
}

async function runCheck(f: CheckFlags): Promise<void> {
  let data: unknown;
  try { data = await readClusterConfigFile(f.config); } catch (e) { throw new CliError('KITE_E_CONFIG', (e as Error).message, undefined, 2); }
  const r = validateClusterConfig(data);
  if (!r.ok) {
    console.log(`FAIL  schema  ${r.issues.length} problem(s) in ${f.config}:`);
    for (const i of r.issues) console.log(`      ${formatIssue(i)}`);
    throw new CliError('KITE_E_CONFIG', `${f.config}: ${formatIssue(r.issues[0]!)}${r.issues.length > 1 ? ` (and ${r.issues.length - 1} more)` : ''}`, 'reference: schema/cluster-config.schema.json', 2);
  }
  console.log(`PASS  schema  ${f.config} is a valid ClusterConfig`);
  if (f.schemaOnly) return;
  // A running Kite for this config holds its own ports: that is not a conflict.
  const running = (await serviceManager(r.config.dataDir, process.env).status()).running;
  const results = await runHostChecks(r.config, await gatherHostFacts(), { skipPorts: running });
  console.log(renderCheckTable(results));
  const failed = results.filter((x) => !x.ok);
  if (failed.length) {
    const field = failed.find((x) => x.field);
    throw new CliError(field ? 'KITE_E_CONFIG' : 'KITE_E_HOST', `${failed.length} check(s) failed: ${(field ?? failed[0]!).detail}`, (field ?? failed[0]!).hint, field ? 2 : 1);
  }
  console.log('PASS  all checks');
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('create and check ClusterConfig files');
  example(config.command('new')
    .description('print a ClusterConfig template filled with this machine\'s address, CPUs, memory and free disk')
    .option('--type <type>', 'single or scalable', 'single')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--format <format>', 'yaml or json (default: from the -o extension, else yaml)')
    .action((f: NewFlags) => runNew(f)), 'kite config new --type single -o kite-config.yaml');
  example(config.command('check')
    .description('validate a config (schema) and test this host against it: packages, kernel, ports, CIDRs vs routes, allocation, LB range')
    .requiredOption('-c, --config <file>', 'the ClusterConfig (YAML or JSON)')
    .option('--schema-only', 'only validate the file, skip the host checks')
    .action((f: CheckFlags) => runCheck(f)), 'kite config check -c kite-config.yaml');
}
