/**
 * The pod sandbox as CRI wants it (upstream `generatePodSandboxConfig`):
 * - metadata from the pod, the kubelet's labels (labels.ts), logs under
 *   `DIR/agent/pods/<ns>_<name>_<uid>/` (containers write `<container>/<attempt>.log` there);
 * - network: the node's (`NODE`, no hostname: runc refuses one without a UTS namespace) for
 *   hostNetwork pods and, until pod networking (CNI) lands, for every pod when `podNetwork` is
 *   'host'; otherwise the pod's own namespace with hostname = pod name and hostPort mappings;
 * - DNS: the node's resolv.conf for now (cluster DNS comes with the network issue), merged with
 *   `spec.dnsConfig`; `dnsPolicy: None` uses only `spec.dnsConfig`;
 * - the pod cgroup parent from the node's cgroups (the static allocation, issue 4 scope 4).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '../../api/registry/core-types.js';
import type { PodSandboxConfig, Protocol } from '../cri/index.js';
import { podLabels } from './labels.js';
import { namespaceOptions } from './resources.js';

export interface DnsConfig { servers: string[]; searches: string[]; options: string[] }

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

function podDns(pod: Pod, host: DnsConfig): DnsConfig {
  const spec = (pod.spec.dnsConfig ?? {}) as { nameservers?: string[]; searches?: string[]; options?: Array<{ name: string; value?: string }> };
  const base = pod.spec.dnsPolicy === 'None' ? { servers: [], searches: [], options: [] } : host;
  const uniq = (a: string[]) => [...new Set(a)];
  return {
    servers: uniq([...base.servers, ...(spec.nameservers ?? [])]),
    searches: uniq([...base.searches, ...(spec.searches ?? [])]),
    options: uniq([...base.options, ...(spec.options ?? []).map((o) => (o.value ? `${o.name}:${o.value}` : o.name))]),
  };
}

export interface SandboxInputs {
  podsDir: string;
  podNetwork: 'host' | 'cni';
  cgroupParent: string;
  dns: DnsConfig;
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
    dnsConfig: podDns(pod, o.dns),
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
