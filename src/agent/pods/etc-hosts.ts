/**
 * The /etc/hosts the agent mounts into the containers of pods on the pod network (upstream kubelet
 * `managedHostsFileContent`): localhost entries, the pod's IP with its hostname — as
 * `<hostname>.<subdomain>.<ns>.svc.<domain>` first when `spec.subdomain` is set — and
 * `spec.hostAliases`. It lives in the pod's dir (DIR/agent/pods/<uid>/etc-hosts), so the pod's
 * teardown removes it. hostNetwork pods keep the node's /etc/hosts (the runtime's copy).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Pod } from '../../api/registry/core-types.js';

const HEADER = `# Kubernetes-managed hosts file.
127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
fe00::0\tip6-localnet
fe00::0\tip6-mcastprefix
fe00::1\tip6-allnodes
fe00::2\tip6-allrouters
`;

type HostAlias = { ip?: string; hostnames?: string[] };

export function renderEtcHosts(pod: Pod, podIPs: string[], clusterDomain?: string): string {
  const hostname = (pod.spec.hostname || pod.metadata.name || '').slice(0, 63);
  const sub = pod.spec.subdomain;
  const fqdn = sub && clusterDomain ? `${hostname}.${sub}.${pod.metadata.namespace}.svc.${clusterDomain}` : '';
  let out = HEADER;
  for (const ip of podIPs) out += fqdn ? `${ip}\t${fqdn}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  const aliases = (pod.spec as { hostAliases?: HostAlias[] }).hostAliases ?? [];
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) if (a.ip && a.hostnames?.length) out += `${a.ip}\t${a.hostnames.join('\t')}\n`;
  }
  return out;
}

/** Writes the pod's hosts file when its content changed; resolves with its path. */
export async function writeEtcHosts(podsDir: string, pod: Pod, podIPs: string[], clusterDomain?: string): Promise<string> {
  const file = join(podsDir, pod.metadata.uid ?? '', 'etc-hosts');
  const text = renderEtcHosts(pod, podIPs, clusterDomain);
  if ((await readFile(file, 'utf8').catch(() => '')) !== text) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, text, { mode: 0o644 });
    await rename(`${file}.tmp`, file); // a container starting meanwhile sees the old or the new file, never half of one
  }
  return file;
}
