/**
 * Removing Kite's host network state: iptables chains named `KITE-*` in the nat and filter tables
 * plus the rules elsewhere that jump to them (only those), the bridge `kite0` and the dummy link
 * `kite-dns0`. The network helpers own these names; until they export their own cleanup, this is it.
 * Names can be moved (`KITE_IPTABLES_PREFIX`, `KITE_BRIDGE`, `KITE_DNS_LINK`) so a test on a shared
 * machine removes only the objects it created.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface HostNetworkNames { chainPrefix: string; bridge: string; dnsLink: string }

export function hostNetworkNames(env: NodeJS.ProcessEnv): HostNetworkNames {
  return { chainPrefix: env.KITE_IPTABLES_PREFIX || 'KITE-', bridge: env.KITE_BRIDGE || 'kite0', dnsLink: env.KITE_DNS_LINK || 'kite-dns0' };
}

/** Splits one `iptables -S` line into words, honouring the double quotes it puts around comments. */
export function splitRule(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m; (m = re.exec(line)); ) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

/**
 * The iptables argument lists that remove our chains from one table, given its `iptables -S` text:
 * delete the jumps into our chains from other chains, flush ours (they may jump to each other), delete ours.
 */
export function planChainRemoval(saveText: string, prefix: string): string[][] {
  const ours: string[] = [];
  const jumps: string[][] = [];
  for (const line of saveText.split('\n')) {
    const w = splitRule(line);
    if (w[0] === '-N' && w[1]?.startsWith(prefix)) ours.push(w[1]);
    if (w[0] === '-A' && w[1] && !w[1].startsWith(prefix)) {
      const j = w.findIndex((x) => x === '-j' || x === '-g');
      if (j > 0 && w[j + 1]?.startsWith(prefix)) jumps.push(['-D', ...w.slice(1)]);
    }
  }
  return [...jumps, ...ours.map((c) => ['-F', c]), ...ours.map((c) => ['-X', c])];
}

export async function removeHostNetwork(names: HostNetworkNames, say: (msg: string) => void): Promise<void> {
  for (const table of ['nat', 'filter']) {
    const save = await execFileP('iptables', ['-w', '5', '-t', table, '-S']).then((r) => r.stdout, () => '');
    for (const args of planChainRemoval(save, names.chainPrefix)) {
      await execFileP('iptables', ['-w', '5', '-t', table, ...args]).catch((e: Error) => say(`warning: iptables -t ${table} ${args.join(' ')}: ${e.message.split('\n')[0]}`));
    }
  }
  for (const link of [names.bridge, names.dnsLink]) {
    const exists = await execFileP('ip', ['link', 'show', 'dev', link]).then(() => true, () => false);
    if (exists) await execFileP('ip', ['link', 'del', 'dev', link]).catch((e: Error) => say(`warning: ip link del ${link}: ${e.message.split('\n')[0]}`));
  }
}
