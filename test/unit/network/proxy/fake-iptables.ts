/** An in-memory stand-in for iptables-save/restore: enough of the restore language to track chains and built-in chain rules. */
import type { Iptables } from '../../../../src/network/proxy/iptables.js';
import type { HostState } from '../../../../src/network/proxy/restore.js';

export const emptyHost = (): HostState => ({
  nat: { chains: new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']), builtinRules: [] },
  filter: { chains: new Set(['INPUT', 'FORWARD', 'OUTPUT']), builtinRules: [] },
});

/** What the host looks like after applying restore `text` to `host`. */
export function applyRestore(host: HostState, text: string): HostState {
  const next: HostState = {
    nat: { chains: new Set(host.nat.chains), builtinRules: [...host.nat.builtinRules] },
    filter: { chains: new Set(host.filter.chains), builtinRules: [...host.filter.builtinRules] },
  };
  let t: 'nat' | 'filter' = 'nat';
  for (const line of text.split('\n')) {
    if (line === '*nat' || line === '*filter') t = line.slice(1) as 'nat' | 'filter';
    else if (line.startsWith(':')) next[t].chains.add(line.slice(1).split(' ')[0]!);
    else if (line.startsWith('-X ')) next[t].chains.delete(line.slice(3));
    else if (line.startsWith('-I ')) next[t].builtinRules.push(line.replace(/^-I (\S+) 1 /, '-A $1 '));
    else if (line.startsWith('-D ')) {
      const i = next[t].builtinRules.indexOf(line.replace(/^-D /, '-A '));
      if (i < 0) throw new Error(`iptables-restore: rule to delete not found: ${line}`);
      next[t].builtinRules.splice(i, 1);
    }
  }
  return next;
}

export function fakeIptables(): Iptables & { host: HostState; restores: string[] } {
  const f = {
    host: emptyHost(),
    restores: [] as string[],
    read: async () => applyRestore(f.host, ''),
    restore: async (text: string) => { if (text) { f.restores.push(text); f.host = applyRestore(f.host, text); } },
  };
  return f;
}
