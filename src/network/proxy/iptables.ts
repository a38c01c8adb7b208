/**
 * Runs iptables-save / iptables-restore (whichever backend `iptables` is on this host: nft or legacy),
 * optionally inside a network namespace (`ip netns exec`, used by the benchmark so the host is untouched).
 */
import { spawn } from 'node:child_process';
import { parseSave, TABLES, type HostState } from './restore.js';

export interface Iptables {
  /** The proxy-relevant view of both tables. */
  read(): Promise<HostState>;
  /** One atomic `iptables-restore --noflush` (with -w: waits for the xtables lock instead of failing). */
  restore(text: string): Promise<void>;
}

function run(argv: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.join(' ')} exited ${code}: ${err.trim()}`))));
    if (input !== undefined) {
      child.stdin!.on('error', () => undefined); // a command that exits early reports through its exit code
      child.stdin!.end(input);
    }
  });
}

export function createIptables(o: { netns?: string } = {}): Iptables {
  const prefix = o.netns ? ['ip', 'netns', 'exec', o.netns] : [];
  return {
    async read() {
      const [filter, nat] = await Promise.all(TABLES.map((t) => run([...prefix, 'iptables-save', '-t', t])));
      return { filter: parseSave(filter!), nat: parseSave(nat!) };
    },
    async restore(text) {
      if (text) await run([...prefix, 'iptables-restore', '-w', '5', '--noflush'], text);
    },
  };
}
