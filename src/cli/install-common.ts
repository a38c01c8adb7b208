/** Shared by the install/lifecycle commands: the deployed config, error mapping, help examples. */
import type { Command } from 'commander';
import { loadConfigOrThrow, InstallError, etcDirOf } from '../install/index.js';
import type { ClusterConfig } from '../config/cluster-config.js';
import { CliError } from './errors.js';
import path from 'node:path';
import { existsSync } from 'node:fs';

export const KITE_VERSION = '0.1.0';

export function example(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExample:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Runs a command body; install errors become CLI errors with their exit code (2 = bad config). */
export async function asCli<T>(f: () => Promise<T>): Promise<T> {
  try { return await f(); } catch (e) {
    if (e instanceof InstallError) throw new CliError(e.code, e.message, e.hint, e.exit);
    throw e;
  }
}

/** `-c FILE` if given, else the deployed config (KITE_ETC_DIR/config.yaml). */
export async function deployedConfig(file: string | undefined): Promise<{ config: ClusterConfig; file: string }> {
  const f = file ?? path.join(etcDirOf(process.env), 'config.yaml');
  if (!file && !existsSync(f)) throw new CliError('KITE_E_NOT_DEPLOYED', `Kite is not deployed here (no ${f})`, 'deploy with: kite deploy -c kite-config.yaml (or pass -c FILE)');
  const { config } = await asCli(() => loadConfigOrThrow(f));
  return { config, file: f };
}

export function outputFormat(v: string | undefined, allowed: string[]): string {
  const o = v ?? allowed[0]!;
  if (!allowed.includes(o)) throw new CliError('KITE_E_USAGE', `-o/--output: must be one of ${allowed.join(', ')}, got "${o}"`, undefined, 2);
  return o;
}
