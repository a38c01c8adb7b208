/** Running iptables/ip: one place that turns a failed command into an error carrying its stderr. */
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(readonly cmd: string, readonly args: string[], readonly stderr: string, readonly code: number) {
    super(`${cmd} ${args.join(' ')} failed (${code}): ${stderr.trim()}`);
  }
}

export function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new CommandError(cmd, args, stderr || err.message, typeof err.code === 'number' ? err.code : 1));
      else resolve(stdout);
    });
  });
}

/** iptables waits (-w) for the xtables lock, which the proxy and CNI plugins take too. */
export const iptables = (table: string, args: string[]) => run('iptables', ['-w', '5', '-t', table, ...args]);

/** True when `iptables -C` finds the rule (exit 1 = absent; anything else, e.g. no chain, is absent too). */
export async function hasRule(table: string, chain: string, rule: string[]): Promise<boolean> {
  try { await iptables(table, ['-C', chain, ...rule]); return true; } catch { return false; }
}

export async function ensureChain(table: string, chain: string): Promise<void> {
  try { await iptables(table, ['-N', chain]); } catch (e) { if (!(e instanceof CommandError && /exists/i.test(e.stderr))) throw e; }
}

export async function ensureRule(table: string, chain: string, rule: string[], where: 'append' | 'insert' = 'append'): Promise<void> {
  if (await hasRule(table, chain, rule)) return;
  await iptables(table, where === 'insert' ? ['-I', chain, '1', ...rule] : ['-A', chain, ...rule]);
}

/** Deletes every copy of the rule; a missing rule or chain is fine. */
export async function deleteRule(table: string, chain: string, rule: string[]): Promise<void> {
  while (await hasRule(table, chain, rule)) await iptables(table, ['-D', chain, ...rule]);
}

/** Rules in a chain (the `-A` lines of `iptables -S`); undefined when the chain does not exist. */
export async function chainRules(table: string, chain: string): Promise<string[] | undefined> {
  try {
    return (await iptables(table, ['-S', chain])).split('\n').filter((l) => l.startsWith('-A '));
  } catch { return undefined; }
}
