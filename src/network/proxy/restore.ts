/**
 * Desired chains → one `iptables-restore --noflush` input. In noflush mode a `:CHAIN` line creates or
 * flushes just that chain, so one call atomically rewrites the chains that changed, deletes the ones no
 * longer wanted and leaves every other chain of the host alone. Pure; unit-tested.
 */
import { FILTER_FORWARD, FILTER_SERVICES, isOwnChain, isServiceChain, JUMP_COMMENT, NAT_POSTROUTING, NAT_SERVICES } from './chains.js';
import type { DesiredRules } from './rules.js';

export type Table = 'nat' | 'filter';
export const TABLES: Table[] = ['filter', 'nat'];

/** What the host has now, from `iptables-save`: chain names and the rules in built-in chains. */
export interface TableState { chains: Set<string>; builtinRules: string[] }
export type HostState = Record<Table, TableState>;

/** Chain → content last written; the sync keeps it to rewrite only what changed. */
export type Applied = Record<Table, Map<string, string>>;

const jump = (chain: string, extra: string, target: string) => `-A ${chain} -m comment --comment "${JUMP_COMMENT}"${extra} -j ${target}`;

/** The rules in built-in chains that lead into the proxy, in `iptables-save` form. */
export const JUMPS: Record<Table, string[]> = {
  nat: [
    jump('PREROUTING', '', NAT_SERVICES),
    jump('OUTPUT', '', NAT_SERVICES),
    jump('POSTROUTING', '', NAT_POSTROUTING),
  ],
  filter: [
    jump('INPUT', ' -m conntrack --ctstate NEW', FILTER_SERVICES),
    jump('FORWARD', ' -m conntrack --ctstate NEW', FILTER_SERVICES),
    jump('FORWARD', '', FILTER_FORWARD),
    jump('OUTPUT', ' -m conntrack --ctstate NEW', FILTER_SERVICES),
  ],
};

/** Parses `iptables-save -t <table>` output (one table). */
export function parseSave(text: string): TableState {
  const chains = new Set<string>();
  const builtinRules: string[] = [];
  const builtin = new Set<string>();
  for (const line of text.split('\n')) {
    const decl = /^:(\S+) (\S+)/.exec(line);
    if (decl) { chains.add(decl[1]!); if (decl[2] !== '-') builtin.add(decl[1]!); continue; }
    const rule = /^-A (\S+) /.exec(line);
    if (rule && builtin.has(rule[1]!)) builtinRules.push(line.trim());
  }
  return { chains, builtinRules };
}

/** `-A X …` → `-I X 1 …`: jumps go first so no earlier host rule can ACCEPT service traffic before DNAT. */
const insertFirst = (rule: string) => rule.replace(/^-A (\S+) /, '-I $1 1 ');
const deleteRule = (rule: string) => rule.replace(/^-A /, '-D ');
const isOurJump = (rule: string) => rule.includes(`--comment "${JUMP_COMMENT}"`);

/**
 * The restore input for one sync. `applied` undefined = full sync (every chain written, as on start or
 * after an error); otherwise only fixed chains and service chains whose content changed. Own chains on the
 * host that are not desired are deleted; missing jump rules are added, duplicates removed.
 */
export function syncText(desired: DesiredRules, host: HostState, applied: Applied | undefined): { text: string; applied: Applied; changedChains: number } {
  const next: Applied = { nat: new Map(), filter: new Map() };
  let text = '';
  let changedChains = 0;
  for (const table of TABLES) {
    const want = desired[table];
    const have = host[table];
    const decls: string[] = [];
    const rules: string[] = [];
    const deletes: string[] = [];
    for (const [chain, lines] of want) {
      const content = lines.join('\n');
      next[table].set(chain, content);
      const unchanged = applied && isServiceChain(chain) && have.chains.has(chain) && applied[table].get(chain) === content;
      if (unchanged) continue;
      changedChains++;
      decls.push(`:${chain} - [0:0]`);
      rules.push(...lines);
    }
    for (const chain of have.chains) {
      if (!isOwnChain(chain) || want.has(chain)) continue;
      decls.push(`:${chain} - [0:0]`); // flushes it, dropping its references to other chains first
      deletes.push(`-X ${chain}`);
    }
    const jumps: string[] = [];
    const seen = new Set<string>();
    for (const r of have.builtinRules.filter(isOurJump)) {
      if (seen.has(r) || !JUMPS[table].includes(r)) jumps.push(deleteRule(r)); // stale or duplicate
      seen.add(r);
    }
    for (const r of [...JUMPS[table]].reverse()) if (!seen.has(r)) jumps.push(insertFirst(r));
    text += ['*' + table, ...decls, ...rules, ...jumps, ...deletes, 'COMMIT', ''].join('\n');
  }
  return { text, applied: next, changedChains };
}

/** Removes every jump rule and own chain found on the host; nothing else. Empty string = nothing to do. */
export function cleanupText(host: HostState): string {
  let text = '';
  for (const table of TABLES) {
    const own = [...host[table].chains].filter(isOwnChain);
    const jumps = host[table].builtinRules.filter(isOurJump).map(deleteRule);
    if (!own.length && !jumps.length) continue;
    text += ['*' + table, ...jumps, ...own.map((c) => `:${c} - [0:0]`), ...own.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n');
  }
  return text;
}
