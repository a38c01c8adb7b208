/**
 * The pod sandbox as CRI wants it (upstream `generatePodSandboxConfig`):
 * - metadata from the pod, the kubelet's labels (labels.ts), logs under
 *   `DIR/agent/pods/<ns>_<name>_<uid>/` (containers write `<container>/<attempt>.log` there);
 * - network: the node's (`NODE`, no hostname: runc refuses one without a UTS namespace) for
 *   hostNetwork pods and for every pod when `podNetwork` is 'host' (no pod network on this agent);
 *   otherwise the pod's own namespace (CNI: bridge + host-local IPAM) with hostname = `spec.hostname`
 *   or the pod name, and hostPort mappings (the portmap plugin);
 * - DNS per `dnsPolicy`/`dnsConfig` (pod-dns.ts): cluster DNS for ClusterFirst pods, else the node's;
 * - the pod cgroup parent from the node's cgroups (the static allocation, issue 4 scope 4).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/registry/core-types.js';
import type { PodSandboxConfig, Protocol } from '../cri/index.js';
import { podLabels } from './labels.js';
import { podDnsConfig, type ClusterDns, type DnsConfig } from './pod-dns.js';
import { namespaceOptions } from './resources.js';

export type { DnsConfig } from './pod-dns.js';

/** The nameservers, search domains and options of a resolv.conf (missing file: empty). */
export async function readResolvConf(file = '/etc/resolv.conf'): Promise<DnsConfig> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const out: DnsConfig = { servers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [k, ...v] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (k === 'nameserver' && v[0]) out.servers.push(v[0]);
    else if (k === 'search') out.searches = v;
    else if (k === 'options') out.options.push(...v);
  }
  return out;
}

export const podLogDirectory = (podsDir: string, pod: Pod) =>
  join(podsDir, `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`);

/** True when the pod shares the node's network namespace (its IP is the node's). */
export const onHostNetwork = (pod: Pod, podNetwork: 'host' | 'cni') => podNetwork === 'host' || pod.spec.hostNetwork === true;

export interface SandboxInputs {
  podsDir: string;
  podNetwork: 'host' | 'cni';
  cgroupParent: string;
  /** The host's resolv.conf. */
  dns: DnsConfig;
  /** Cluster DNS for ClusterFirst pods (absent: pods get the host's resolv.conf). */
  clusterDns?: ClusterDns;
  attempt: number;
}

export function sandboxConfig(pod: Pod, o: SandboxInputs): PodSandboxConfig {
  const hostNet = onHostNetwork(pod, o.podNetwork);
  const privileged = [...(pod.spec.initContainers ?? []), ...pod.spec.containers]
    .some((c) => (c.securityContext as { privileged?: boolean } | undefined)?.privileged);
  const sc = (pod.spec.securityContext ?? {}) as { runAsUser?: number; runAsGroup?: number; supplementalGroups?: number[]; sysctls?: Array<{ name: string; value: string }> };
  const cfg: PodSandboxConfig = {
    metadata: { name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '', namespace: pod.metadata.namespace ?? '', attempt: o.attempt },
    logDirectory: podLogDirectory(o.podsDir, pod),
    dnsConfig: podDnsConfig(pod, o.dns, o.clusterDns),
    labels: podLabels(pod),
    annotations: { ...(pod.metadata.annotations ?? {}) },
    linux: {
      cgroupParent: o.cgroupParent,
      securityContext: {
        namespaceOptions: namespaceOptions(pod, hostNet),
        ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
        ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
        ...(sc.supplementalGroups?.length ? { supplementalGroups: sc.supplementalGroups } : {}),
        ...(privileged ? { privileged: true } : {}),
      },
      ...(sc.sysctls?.length ? { sysctls: Object.fromEntries(sc.sysctls.map((s) => [s.name, s.value])) } : {}),
    },
  };
  if (!hostNet) {
    cfg.hostname = (pod.spec.hostname || pod.metadata.name || '').slice(0, 63);
    const ports = pod.spec.containers.flatMap((c) => c.ports ?? []).filter((p) => p.hostPort);
    if (ports.length) {
      cfg.portMappings = ports.map((p) => ({
        protocol: (p.protocol ?? 'TCP') as Protocol, containerPort: p.containerPort, hostPort: p.hostPort,
        ...(p.hostIP ? { hostIp: p.hostIP } : {}),
      }));
    }
  }
  return cfg;
}
