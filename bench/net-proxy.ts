/**
 * Service proxy rule sync for 1,000 Services × 3 endpoints with the real iptables-restore, inside a
 * throw-away network namespace so the host's tables are never touched. Measures what the proxy's sync
 * does end to end (Services + slices → rules → restore text → iptables-restore): a first full sync, then
 * one Service gaining an endpoint (incremental: only that Service's chains and the fixed chains are
 * written; median of 5 such changes, since the proxy is a long-running, warmed-up process).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { Service } from '../src/api/registry/core-types.js';
import { createIptables } from '../src/network/proxy/iptables.js';
import { buildServicePorts, type ProxyEndpointSlice } from '../src/network/proxy/model.js';
import { JUMPS, syncText, type Applied, type HostState } from '../src/network/proxy/restore.js';
import { buildRules, type PortRules } from '../src/network/proxy/rules.js';

const exec = promisify(execFile);

function fixtures(services: number, endpoints: number): { svcs: Service[]; slices: ProxyEndpointSlice[] } {
  const svcs: Service[] = [];
  const slices: ProxyEndpointSlice[] = [];
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    svcs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'bench' },
      spec: { type: i % 10 === 0 ? 'NodePort' : 'ClusterIP', clusterIP: `10.43.${i >> 8}.${i & 255}`, ports: [{ name: 'http', port: 80, nodePort: 30000 + i }] } });
    slices.push({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
      metadata: { name: `${name}-1`, namespace: 'bench', labels: { 'kubernetes.io/service-name': name } },
      endpoints: Array.from({ length: endpoints }, (_, e) => ({ addresses: [`10.42.${(i * endpoints + e) >> 8 & 255}.${(i * endpoints + e) & 255}`], conditions: { ready: true }, nodeName: 'bench' })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });
  }
  return { svcs, slices };
}

export async function benchRuleSync(): Promise<{ services: number; endpoints: number; fullSyncMs: number; incrementalSyncMs: number }> {
  const services = 1000;
  const perService = 3;
  const netns = `kitebench${randomBytes(3).toString('hex')}`;
  await exec('ip', ['netns', 'add', netns]);
  try {
    const ipt = createIptables({ netns });
    const { svcs, slices } = fixtures(services, perService);
    const cache = new Map<string, PortRules>(); // as the proxy keeps one
    const sync = async (host: HostState, applied: Applied | undefined) => {
      const ports = buildServicePorts(svcs, slices, 'bench');
      const r = syncText(buildRules(ports, { clusterCidr: '10.42.0.0/16' }, cache), host, applied);
      await ipt.restore(r.text);
      return r;
    };
    let t = performance.now();
    const host = await ipt.read();
    const first = await sync(host, undefined);
    const fullSyncMs = performance.now() - t;

    // as the proxy does: after a sync the host holds what was applied, plus the jump rules
    let applied = first.applied;
    const times: number[] = [];
    for (let k = 0; k < 5; k++) { // one Service gains an endpoint; median of 5 (the proxy runs warm)
      slices[100 * k + 7]!.endpoints!.push({ addresses: [`10.42.250.${k}`], conditions: { ready: true }, nodeName: 'bench' });
      t = performance.now();
      const host: HostState = {
        nat: { chains: new Set(applied.nat.keys()), builtinRules: [...JUMPS.nat] },
        filter: { chains: new Set(applied.filter.keys()), builtinRules: [...JUMPS.filter] },
      };
      const r = await sync(host, applied);
      times.push(performance.now() - t);
      if (r.changedChains > 10) throw new Error(`incremental sync rewrote ${r.changedChains} chains`);
      applied = r.applied;
    }
    const incrementalSyncMs = times.sort((a, b) => a - b)[2]!;
    const rules = (await exec('ip', ['netns', 'exec', netns, 'iptables-save', '-t', 'nat'], { maxBuffer: 256 << 20 })).stdout.split('\n').filter((l) => l.startsWith('-A ')).length;
    if (rules < services * perService * 2) throw new Error(`only ${rules} nat rules applied`);
    return { services, endpoints: services * perService, fullSyncMs: Math.round(fullSyncMs), incrementalSyncMs: Math.round(incrementalSyncMs) };
  } finally {
    await exec('ip', ['netns', 'del', netns]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchRuleSync()));
