/**
 * The host side of the pod network (what flannel/kube-proxy set up on a K8s node):
 * - `net.ipv4.ip_forward=1` (pods' traffic is routed through the host);
 * - nat `KITE-POD-MASQ` (jumped to from POSTROUTING): pod traffic leaving the cluster CIDR is
 *   masqueraded to the node's address; traffic to other pods keeps its source (the bridge plugin's
 *   own ipMasq is off);
 * - filter `KITE-POD-FORWARD` (jumped to first thing in FORWARD): accepts traffic from and to the
 *   pod CIDR, so a FORWARD policy of DROP (Docker sets one) does not cut pods off.
 * Rules carry the comment `kite pods <bridge>`, so two agents on one host (tests) share the chains
 * without touching each other's rules; a chain and its jump go when the last rule goes. What was
 * set up is recorded in DIR/agent/cni/host-network.json, so `cleanupPodNetwork` (for `kite remove`;
 * a normal shutdown keeps everything, pods keep running) knows what to remove.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chainRules, deleteRule, ensureChain, ensureRule, iptables, run } from './exec.js';
import { removeVxlanDevice } from './vxlan.js';

export const MASQ_CHAIN = 'KITE-POD-MASQ';
export const FORWARD_CHAIN = 'KITE-POD-FORWARD';
const MASQ_JUMP = ['-m', 'comment', '--comment', 'kite pod masquerade', '-j', MASQ_CHAIN];
const FORWARD_JUMP = ['-m', 'comment', '--comment', 'kite pod forwarding', '-j', FORWARD_CHAIN];

export interface HostNetwork {
  bridge: string;
  podCidr: string;
  clusterCidr: string;
  /** True once this agent created the VXLAN device (removed by cleanup). */
  vxlan?: boolean;
}

const comment = (h: HostNetwork) => ['-m', 'comment', '--comment', `kite pods ${h.bridge}`];
const masqRule = (h: HostNetwork) => ['-s', h.podCidr, '!', '-d', h.clusterCidr, ...comment(h), '-j', 'MASQUERADE'];
const forwardRules = (h: HostNetwork) => [['-s', h.podCidr, ...comment(h), '-j', 'ACCEPT'], ['-d', h.podCidr, ...comment(h), '-j', 'ACCEPT']];

export const cniDirOf = (dataDir: string) => path.join(path.resolve(dataDir), 'agent', 'cni');
const stateFile = (dataDir: string) => path.join(cniDirOf(dataDir), 'host-network.json');

/** Idempotent: run at every agent start once the podCIDR is known. */
export async function setupHostNetwork(h: HostNetwork, dataDir: string): Promise<void> {
  await mkdir(cniDirOf(dataDir), { recursive: true });
  const prev = await readState(dataDir);
  await writeFile(stateFile(dataDir), `${JSON.stringify({ ...h, ...(prev?.vxlan ? { vxlan: true } : {}) })}\n`);
  await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
  await ensureChain('nat', MASQ_CHAIN);
  await ensureRule('nat', MASQ_CHAIN, masqRule(h));
  await ensureRule('nat', 'POSTROUTING', MASQ_JUMP);
  await ensureChain('filter', FORWARD_CHAIN);
  for (const r of forwardRules(h)) await ensureRule('filter', FORWARD_CHAIN, r);
  await ensureRule('filter', 'FORWARD', FORWARD_JUMP, 'insert');
}

async function readState(dataDir: string): Promise<HostNetwork | undefined> {
  const text = await readFile(stateFile(dataDir), 'utf8').catch(() => '');
  return text ? JSON.parse(text) as HostNetwork : undefined;
}

/** Notes that this agent owns the VXLAN device, before creating it (so cleanup never misses it). */
export async function recordVxlanDevice(dataDir: string): Promise<void> {
  const h = await readState(dataDir);
  if (h && !h.vxlan) await writeFile(stateFile(dataDir), `${JSON.stringify({ ...h, vxlan: true })}\n`);
}

/** Removes a chain and the jump to it once no rule is left in it. */
async function dropChainIfEmpty(table: string, parent: string, chain: string, jump: string[]): Promise<void> {
  const rules = await chainRules(table, chain);
  if (rules === undefined || rules.length) return;
  await deleteRule(table, parent, jump);
  await iptables(table, ['-X', chain]).catch(() => undefined); // another agent may have re-used it meanwhile
}

/**
 * The portmap plugin's shared nat chains, once no port mapping is left in them (a later hostPort pod
 * makes the plugin create them again): its DNAT chain with the jumps from PREROUTING and OUTPUT, its
 * masquerade chain with the jump from POSTROUTING, its mark chain. Chains still in use stay.
 */
async function dropIdlePortmapChains(): Promise<void> {
  const dnat = await chainRules('nat', 'CNI-HOSTPORT-DNAT');
  if (dnat === undefined || dnat.length) return;
  const toDnat = ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'CNI-HOSTPORT-DNAT'];
  await deleteRule('nat', 'PREROUTING', toDnat);
  await deleteRule('nat', 'OUTPUT', toDnat);
  await deleteRule('nat', 'POSTROUTING', ['-m', 'comment', '--comment', 'CNI portfwd requiring masquerade', '-j', 'CNI-HOSTPORT-MASQ']);
  for (const chain of ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']) {
    await iptables('nat', ['-F', chain]).catch(() => undefined);
    await iptables('nat', ['-X', chain]).catch(() => undefined); // still referenced: another user's, left alone
  }
}

/**
 * Undoes the pod network of the agent whose data dir is `dataDir` (for `kite remove`, after its pods
 * are gone): its iptables rules (and the chains when empty), the bridge, the VXLAN device if it made one, DIR/agent/cni (conflist,
 * IPAM reservations), the portmap plugin's chains when no mapping is left in them. `ip_forward`
 * stays on (other software may rely on it). No-op when nothing was set up.
 */
export async function cleanupPodNetwork(dataDir: string): Promise<void> {
  const h = await readState(dataDir);
  if (h) {
    await deleteRule('nat', MASQ_CHAIN, masqRule(h));
    for (const r of forwardRules(h)) await deleteRule('filter', FORWARD_CHAIN, r);
    await dropChainIfEmpty('nat', 'POSTROUTING', MASQ_CHAIN, MASQ_JUMP);
    await dropChainIfEmpty('filter', 'FORWARD', FORWARD_CHAIN, FORWARD_JUMP);
    await run('ip', ['link', 'del', h.bridge]).catch(() => undefined); // already gone
    if (h.vxlan) await removeVxlanDevice();
    await dropIdlePortmapChains();
  }
  await rm(cniDirOf(dataDir), { recursive: true, force: true });
}
