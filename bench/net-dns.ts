/**
 * Cluster DNS queries/s and latency for in-cluster names: the real server (zone index, handler,
 * UDP listener) in this process on 127.0.0.1, fed 1,000 ClusterIP Services and 100 headless ones
 * with 3 endpoints each through static informers, and a few concurrent UDP clients each keeping one
 * query in flight for ~5 s. Client and server share one event loop, so this is a lower bound.
 */
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as dns from 'dns-packet';
import { pino } from 'pino';
import type { Service } from '../src/api/registry/core-types.js';
import type { KObject } from '../src/api/types/index.js';
import type { KubeClient } from '../src/client/index.js';
import type { InformerEvent, SharedInformer, SharedInformers } from '../src/controllers/index.js';
import { startClusterDns } from '../src/network/dns/index.js';

/** Informers over fixed object lists: every handler sees each object once as an add. */
function staticInformers(objects: Record<string, KObject[]>): SharedInformers {
  return {
    forResource<T extends KObject>(ref: { plural: string }) {
      const list = objects[ref.plural] ?? [];
      const inf: SharedInformer<KObject> = {
        addHandler: (h: (e: InformerEvent<KObject>) => void) => { for (const obj of list) h({ type: 'add', obj }); },
        synced: async () => undefined, hasSynced: () => true, list: () => list, get: () => undefined,
      };
      return inf as unknown as SharedInformer<T>;
    },
    run: async () => undefined,
  };
}

function cluster(): { objects: Record<string, KObject[]>; names: string[] } {
  const services: Service[] = [];
  const slices: KObject[] = [];
  const names: string[] = [];
  for (let i = 0; i < 1000; i++) {
    services.push({ metadata: { namespace: `ns${i % 10}`, name: `svc${i}` }, spec: { clusterIP: `10.43.${Math.floor(i / 250)}.${(i % 250) + 2}`, ports: [{ name: 'http', port: 80 }] } });
    names.push(`svc${i}.ns${i % 10}.svc.cluster.local`);
  }
  for (let i = 0; i < 100; i++) {
    services.push({ metadata: { namespace: 'db', name: `hl${i}` }, spec: { clusterIP: 'None' } });
    slices.push({
      metadata: { namespace: 'db', name: `hl${i}-a`, labels: { 'kubernetes.io/service-name': `hl${i}` } },
      addressType: 'IPv4', endpoints: [0, 1, 2].map((j) => ({ addresses: [`10.42.${i}.${j + 10}`], hostname: `hl${i}-${j}` })),
    } as KObject);
    names.push(`hl${i}.db.svc.cluster.local`);
  }
  return { objects: { services: services as KObject[], endpointslices: slices }, names };
}

async function client(port: number, names: string[], until: number, latencies: number[]): Promise<void> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  let id = 0;
  try {
    while (performance.now() < until) {
      const name = names[Math.floor(Math.random() * names.length)]!;
      const msg = dns.encode({ type: 'query', id: (id = (id + 1) & 0xffff), flags: dns.RECURSION_DESIRED, questions: [{ name, type: 'A' }] });
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { sock.off('message', on); resolve(); }, 1000);
        const on = (m: Buffer) => { if (m.readUInt16BE(0) !== id) return; clearTimeout(timer); sock.off('message', on); latencies.push(performance.now() - t0); resolve(); };
        sock.on('message', on);
        sock.send(msg, port, '127.0.0.1');
      });
    }
  } finally {
    sock.close();
  }
}

export async function benchDns(o: { seconds?: number; clients?: number } = {}): Promise<{ qps: number; p50Ms: number; p99Ms: number }> {
  const { objects, names } = cluster();
  const ac = new AbortController();
  const s = await startClusterDns({
    client: {} as KubeClient, informers: staticInformers(objects), listen: [{ address: '127.0.0.1', port: 0 }],
    clusterDomain: 'cluster.local', upstreams: ['127.0.0.1:9'], log: pino({ level: 'silent' }),
  }, ac.signal);
  try {
    const latencies: number[] = [];
    const warm = performance.now() + 300;
    await Promise.all(Array.from({ length: 2 }, () => client(s.ports[0]!, names, warm, [])));
    const start = performance.now();
    const end = start + (o.seconds ?? 5) * 1000;
    await Promise.all(Array.from({ length: o.clients ?? 4 }, () => client(s.ports[0]!, names, end, latencies)));
    const elapsedS = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 1000) / 1000;
    return { qps: Math.round(latencies.length / elapsedS), p50Ms: pct(0.5), p99Ms: pct(0.99) };
  } finally {
    ac.abort();
    await s.done;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDns()));
}
