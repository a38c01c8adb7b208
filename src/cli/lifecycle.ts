/** `kite start` / `kite stop` / `kite status`, and the hidden `kite supervise` the background service runs. */
import { Command } from 'commander';
import { runSupervisor, serviceManager, installPaths, waitApiReady } from '../install/index.js';
import { CliError } from './errors.js';
import { deployedConfig, example, outputFormat } from './install-common.js';
import { rootSignal } from './signals.js';

export function registerLifecycleCommands(program: Command): void {
  example(program.command('start')
    .description('start the deployed Kite service and wait for the API to be ready')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .option('--timeout <seconds>', 'how long to wait for the API', '60')
    .action(async (f: { config?: string; timeout: string }) => {
      const { config } = await deployedConfig(f.config);
      const svc = serviceManager(config.dataDir, process.env);
      if ((await svc.status()).running) { console.log('Kite is already running'); return; }
      await svc.start();
      const p = installPaths(config.dataDir, process.env);
      const alive = async () => ((await svc.status()).running ? undefined : `the service stopped; see ${p.logFile}`);
      const client = await waitApiReady(p.kubeconfig, Number(f.timeout) * 1000, alive).catch((e: Error) => { throw new CliError('KITE_E_START', e.message, `see ${p.logFile}`); });
      client.close();
      console.log('Kite is running');
    }), 'kite start');
  example(program.command('stop')
    .description('stop the Kite service (containers keep running and are re-adopted at the next start)')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .action(async (f: { config?: string }) => {
      const { config } = await deployedConfig(f.config);
      const svc = serviceManager(config.dataDir, process.env);
      const was = (await svc.status()).running;
      await svc.stop();
      console.log(was ? 'Kite stopped' : 'Kite was not running');
    }), 'kite stop');
  example(program.command('status')
    .description('say whether the Kite service runs (exit 0) or not (exit 1)')
    .option('-c, --config <file>', 'a ClusterConfig (default: the deployed one)')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (f: { config?: string; output?: string }) => {
      const format = outputFormat(f.output, ['text', 'json']);
      const { config } = await deployedConfig(f.config);
      const s = await serviceManager(config.dataDir, process.env).status();
      if (format === 'json') console.log(JSON.stringify(s));
      else console.log(`${s.running ? 'running' : 'stopped'} (${s.manager}${s.supervisorPid ? `, supervisor pid ${s.supervisorPid}` : ''}${s.serverPid ? `, server pid ${s.serverPid}` : ''})`);
      if (!s.running) process.exitCode = 1;
    }), 'kite status');
  program.addCommand(new Command('supervise')
    .description('run kite server for the deployed config and restart it when it dies (used by the background service)')
    .requiredOption('--config <file>', 'the deployed ClusterConfig')
    .action(async (f: { config: string }) => {
      const { signal } = rootSignal();
      await runSupervisor(f.config, signal);
    }), { hidden: true });
}
