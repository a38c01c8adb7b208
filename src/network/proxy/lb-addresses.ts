/**
 * LoadBalancer ingress IPs served from this host: an IP that is not already a local address is added as
 * /32 to the interface whose subnet contains it, so the host and the LAN (ARP) reach it and the
 * NodePort-style DNAT takes over. Only addresses added here are ever removed; they are remembered in
 * `stateDir/lb-addresses.json` before being added, so a crashed proxy cleans them up on its next start.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { cidrContains, ipToInt, type Cidr } from '../../api/net/ipv4.js';

const exec = promisify(execFile);

export interface HostAddress { dev: string; ip: string; prefix: number }
export interface AddedAddress { ip: string; dev: string }

function subnetOf(h: HostAddress): Cidr {
  const size = 2 ** (32 - h.prefix);
  const ip = ipToInt(h.ip);
  return { base: ip - (ip % size), prefix: h.prefix, size };
}

/** Pure: which of our addresses to remove and which to add, given the wanted IPs and the host's addresses. */
export function planLbAddresses(wanted: string[], host: HostAddress[], ours: AddedAddress[]): { add: AddedAddress[]; del: AddedAddress[]; unplaceable: string[] } {
  const want = new Set(wanted);
  const del = ours.filter((a) => !want.has(a.ip));
  const local = new Set(host.map((h) => h.ip));
  const add: AddedAddress[] = [];
  const unplaceable: string[] = [];
  for (const ip of want) {
    if (local.has(ip)) continue; // already on the host: the host's own address, or ours from before
    const n = ipToInt(ip);
    // the most specific subnet wins; our own /32s and loopback never count as "the LAN"
    const dev = host
      .filter((h) => h.prefix < 32 && h.dev !== 'lo' && cidrContains(subnetOf(h), n))
      .sort((a, b) => b.prefix - a.prefix)[0]?.dev;
    if (dev) add.push({ ip, dev }); else unplaceable.push(ip);
  }
  return { add, del, unplaceable };
}

async function hostAddresses(): Promise<HostAddress[]> {
  const { stdout } = await exec('ip', ['-j', '-4', 'addr', 'show']);
  const links = JSON.parse(stdout || '[]') as Array<{ ifname: string; addr_info?: Array<{ local?: string; prefixlen?: number }> }>;
  return links.flatMap((l) => (l.addr_info ?? []).filter((a) => a.local).map((a) => ({ dev: l.ifname, ip: a.local!, prefix: a.prefixlen ?? 32 })));
}

export interface LbAddressKeeper {
  /** Makes the host carry exactly the wanted LB IPs (those not already local). */
  sync(wanted: string[]): Promise<void>;
  /** Removes every address this keeper (or a previous run with the same stateDir) added. */
  cleanup(): Promise<void>;
}

export function createLbAddressKeeper(o: { stateDir: string; log: Logger }): LbAddressKeeper {
  const file = path.join(o.stateDir, 'lb-addresses.json');
  const warned = new Set<string>();
  let ours: AddedAddress[] | undefined;

  const load = async (): Promise<AddedAddress[]> => {
    if (ours) return ours;
    try { ours = JSON.parse(await readFile(file, 'utf8')) as AddedAddress[]; } catch { ours = []; }
    return ours;
  };
  const save = async (list: AddedAddress[]) => {
    ours = list;
    await mkdir(o.stateDir, { recursive: true });
    await writeFile(`${file}.tmp`, JSON.stringify(list));
    await rename(`${file}.tmp`, file);
  };
  const del = async (a: AddedAddress) => {
    await exec('ip', ['addr', 'del', `${a.ip}/32`, 'dev', a.dev]).catch(() => undefined); // already gone is fine
    o.log.info(a, 'removed LoadBalancer IP from host');
  };

  return {
    async sync(wanted) {
      const current = await load();
      if (!wanted.length && !current.length) return; // the common case: no LoadBalancer IPs at all
      const plan = planLbAddresses(wanted, await hostAddresses(), current);
      for (const ip of plan.unplaceable) {
        if (!warned.has(ip)) o.log.warn({ ip }, 'no host interface has a subnet containing this LoadBalancer IP; not adding it');
        warned.add(ip);
      }
      if (!plan.add.length && !plan.del.length) return;
      for (const a of plan.del) await del(a);
      const keep = current.filter((a) => !plan.del.includes(a) && !plan.add.some((b) => b.ip === a.ip));
      await save([...keep, ...plan.add]); // remembered before added: a crash in between still cleans up
      for (const a of plan.add) {
        await exec('ip', ['addr', 'add', `${a.ip}/32`, 'dev', a.dev]);
        o.log.info(a, 'added LoadBalancer IP to host');
      }
    },
    async cleanup() {
      for (const a of await load()) await del(a);
      await save([]);
    },
  };
}
