/**
 * What a `kite server` with its node agent leaves on the host after a test: containers (still running
 * by design when kite stops), their shims, the node cgroup `/kite-<node>`, the pod network (bridge,
 * KITE-POD-* rules, CNI state), overlay mounts under DIR. Tests
 * delete their pods first; this removes whatever remains.
 */
import path from 'node:path';
import { cleanupPodNetwork } from '../../../src/agent/network/index.js';
import { removePodSandboxes } from '../../../src/install/pod-sandboxes.js';
import { killCgroupProcs, killShims, removeCgroupEverywhere, unmountAndRemove } from './host-cleanup.js';

export async function cleanupAgentHost(dataDir: string, nodeName: string): Promise<void> {
  const socket = path.join(dataDir, 'agent', 'containerd', 'containerd.sock');
  const pidFile = path.join(dataDir, 'agent', 'containerd', 'containerd.pid');
  const { readFile } = await import('node:fs/promises');
  const ctdPid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (ctdPid > 0) { try { process.kill(ctdPid, 'SIGKILL'); } catch { /* gone */ } }
  // Pods still there go through the CRI first, so CNI DEL removes their netns, veth and hostPort rules.
  await removePodSandboxes(dataDir, nodeName, () => undefined);
  await killCgroupProcs(`/sys/fs/cgroup/memory/kite-${nodeName}`);
  await killShims(socket);
  await removeCgroupEverywhere(`/kite-${nodeName}`);
  await removeCgroupEverywhere(`/kite-${nodeName}-runtime`);
  // The pod network's iptables rules (and chains once empty), its bridge and DIR/agent/cni.
  await cleanupPodNetwork(dataDir).catch(() => undefined);
  await unmountAndRemove(dataDir);
}
