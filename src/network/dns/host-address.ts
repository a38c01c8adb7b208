/**
 * The cluster DNS IP (default 10.43.0.10) as a local address of the host, on a dummy interface
 * `kite-dns0`, so the DNS server can bind it and both host processes and pods (whose traffic to
 * it goes via their gateway, the host) reach it without any NAT rule. The interface is created on
 * first use and deleted when its last address is removed. Uses iproute2 (`ip`), needs root.
 * Kernels built without the dummy driver (this project's CI VM: "Unknown device type") get a
 * port-less bridge instead, which holds a local address the same way.
 */
import { execFile } from 'node:child_process';
import { isIPv4 } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const DNS_INTERFACE = 'kite-dns0';

async function ip(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('ip', args);
    return { ok: true, stdout, stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr || e.message };
  }
}

function check(ipAddr: string): void {
  if (!isIPv4(ipAddr)) throw new Error(`cluster DNS address "${ipAddr}" is not an IPv4 address`);
}

async function addresses(): Promise<string[] | undefined> {
  const r = await ip(['-j', '-4', 'addr', 'show', 'dev', DNS_INTERFACE]);
  if (!r.ok) return undefined;
  const links = JSON.parse(r.stdout || '[]') as Array<{ addr_info?: Array<{ local?: string }> }>;
  return links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local ?? '')).filter(Boolean);
}

/** Puts `ip/32` on kite-dns0 (creating and raising the interface if needed). Idempotent. */
export async function ensureDnsAddress(ipAddr: string): Promise<void> {
  check(ipAddr);
  let have = await addresses();
  if (!have) {
    let add = await ip(['link', 'add', DNS_INTERFACE, 'type', 'dummy']);
    if (!add.ok && /unknown device type/i.test(add.stderr)) add = await ip(['link', 'add', DNS_INTERFACE, 'type', 'bridge']);
    // Another caller may have created it in between; only a still-missing link is an error.
    have = await addresses();
    if (!have) throw new Error(`cannot create ${DNS_INTERFACE}: ${add.stderr.trim()}`);
  }
  const up = await ip(['link', 'set', DNS_INTERFACE, 'up']);
  if (!up.ok) throw new Error(`cannot bring ${DNS_INTERFACE} up: ${up.stderr.trim()}`);
  if (have.includes(ipAddr)) return;
  const r = await ip(['addr', 'add', `${ipAddr}/32`, 'dev', DNS_INTERFACE]);
  if (!r.ok && !/exists/i.test(r.stderr)) throw new Error(`cannot add ${ipAddr} to ${DNS_INTERFACE}: ${r.stderr.trim()}`);
}

/** Removes `ip/32` from kite-dns0 and deletes the interface once no address is left. Idempotent. */
export async function removeDnsAddress(ipAddr: string): Promise<void> {
  check(ipAddr);
  const have = await addresses();
  if (!have) return;
  if (have.includes(ipAddr)) {
    const r = await ip(['addr', 'del', `${ipAddr}/32`, 'dev', DNS_INTERFACE]);
    if (!r.ok && !/cannot assign/i.test(r.stderr)) throw new Error(`cannot remove ${ipAddr} from ${DNS_INTERFACE}: ${r.stderr.trim()}`);
  }
  const left = await addresses();
  if (left && left.length === 0) await ip(['link', 'del', DNS_INTERFACE]);
}
