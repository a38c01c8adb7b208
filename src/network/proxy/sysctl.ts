/** Kernel settings the proxy's rules depend on; set once at start, like kube-proxy does. */
import { readFile, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';

export const PROXY_SYSCTLS: Array<{ key: string; value: string; why: string }> = [
  {
    // NodePorts on 127.0.0.1: without it the kernel drops packets DNATed from a loopback source to a
    // non-loopback destination as martians (kube-proxy sets the same for localhost NodePorts).
    key: 'net/ipv4/conf/all/route_localnet', value: '1', why: 'NodePorts on 127.0.0.1',
  },
  {
    // Pods on one Linux bridge: a reply from a DNATed endpoint to a client on the same bridge is
    // bridged, skipping iptables, so conntrack never un-DNATs it and the client drops it. With this,
    // bridged IPv4 traffic passes through iptables too (needs br_netfilter, present on this machine).
    key: 'net/bridge/bridge-nf-call-iptables', value: '1', why: 'Services between pods on one bridge',
  },
];

export async function applyProxySysctls(log: Logger, root = '/proc/sys'): Promise<void> {
  for (const s of PROXY_SYSCTLS) {
    const file = `${root}/${s.key}`;
    try {
      if ((await readFile(file, 'utf8')).trim() === s.value) continue;
      await writeFile(file, s.value);
      log.info({ sysctl: s.key.replaceAll('/', '.'), value: s.value }, `set for ${s.why}`);
    } catch (err) {
      log.warn({ err, sysctl: s.key.replaceAll('/', '.') }, `cannot set; ${s.why} may not work`);
    }
  }
}
