#!/usr/bin/env node
/** The `kite` command: wires the command groups; errors become one line + hint + exit code. */
import { Command, CommanderError } from 'commander';
import { asCliError } from './errors.js';
import { registerDevCommand } from './dev.js';
import { registerImagesCommand } from './images.js';
import { registerServerCommand } from './server.js';
import { registerAgentCommand } from './agent.js';
import { registerTokenCommand } from './token.js';
import { registerConfigCommand } from './config.js';
import { registerDeployCommand } from './deploy.js';
import { registerInfoCommand } from './info.js';
import { registerKubeconfigCommand } from './kubeconfig.js';
import { registerLifecycleCommands } from './lifecycle.js';
import { registerLogsCommand } from './logs.js';
import { registerRemoveCommand } from './remove.js';

const program = new Command('kite')
  .description('Kite: a lightweight Kubernetes-compatible edge platform')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

registerServerCommand(program);
registerAgentCommand(program);
registerTokenCommand(program);
registerImagesCommand(program);
registerDevCommand(program);
registerConfigCommand(program);
registerDeployCommand(program);
registerInfoCommand(program);
registerKubeconfigCommand(program);
registerLifecycleCommands(program);
registerRemoveCommand(program);
registerLogsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Bad usage (unknown option, missing argument …) is exit 2, like a bad config; help/version stay 0.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    const c = asCliError(e);
    console.error(`error: ${c.message}${c.hint ? `\nhint: ${c.hint}` : ''}`);
    process.exitCode = c.exit;
  }
}
