#!/usr/bin/env node
/** The `kite` command: wires the command groups; errors become one line + hint + exit code. */
import { Command, CommanderError } from 'commander';
import { asCliError } from './errors.js';
import { registerDevCommand } from './dev.js';
import { registerImagesCommand } from './images.js';
import { registerServerCommand } from './server.js';

const program = new Command('kite')
  .description('Kite: a lightweight Kubernetes-compatible edge platform')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

registerServerCommand(program);
registerImagesCommand(program);
registerDevCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode;
  } else {
    const c = asCliError(e);
    console.error(`error: ${c.message}${c.hint ? `\nhint: ${c.hint}` : ''}`);
    process.exitCode = c.exit;
  }
}
