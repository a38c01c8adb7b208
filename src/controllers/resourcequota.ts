/**
 * The ResourceQuota controller (upstream `pkg/controller/resourcequota`): for each quota it sums
 * what the namespace's objects charge (api/quota/usage.ts) for every key in `spec.hard`, and
 * writes `status.hard` and `status.used` when they change. Admission charges new objects
 * optimistically (src/apiserver/admission/quota.ts); this loop is the source of truth that
 * corrects the sums, e.g. after deletions.
 *
 * Informers are opened lazily, only for resources some quota names, so a cluster without quotas
 * on secrets never caches secrets here. `count/<plural>.<group>` resources outside the built-in
 * table are resolved to their preferred version through discovery.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KObject } from '../api/types/index.js';
import type { KubeClient, ResourceRef } from '../client/index.js';
import { Controller, type ControllerOptions } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { objectKey } from './informer.js';
import { formatQuantity, objectUsage, quotaMatches, resourceForKey, type Quota, type QuotaResource } from '../api/quota/usage.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue, type WorkQueue } from './workqueue.js';

const QUOTAS: ResourceRef = { group: '', version: 'v1', plural: 'resourcequotas' };
/** Preferred versions of the built-in groups, so counting them needs no discovery round trip. */
const VERSIONS: Record<string, string> = {
  '': 'v1', apps: 'v1', batch: 'v1', 'networking.k8s.io': 'v1', policy: 'v1', 'rbac.authorization.k8s.io': 'v1',
  'coordination.k8s.io': 'v1', 'storage.k8s.io': 'v1', 'discovery.k8s.io': 'v1', 'autoscaling': 'v2',
};

export interface ResourceQuotaOptions {
  /** Full recount of every quota this often (upstream resyncPeriod 5 min). */
  resyncMs?: number;
  workers?: number;
}

export interface QuotaSyncDeps {
  client: Pick<KubeClient, 'updateStatus' | 'raw'>;
  quota(key: string): Quota | undefined;
  /** The synced cache of a resource, or undefined while it is still loading. */
  objects(r: QuotaResource): Promise<KObject[] | undefined>;
  clock: { now(): number };
}

/** Recounts one quota; returns when to look again. */
export function createQuotaSync(d: QuotaSyncDeps, o: { resyncMs: number }): (key: string) => Promise<number | undefined> {
  return async (key) => {
    const quota = d.quota(key);
    if (!quota) return undefined;
    const hard = quota.spec?.hard ?? {};
    const keys = Object.keys(hard);
    const used: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    const byResource = new Map<string, QuotaResource>();
    for (const k of keys) {
      const r = resourceForKey(k);
      if (r) byResource.set(`${r.group}/${r.plural}`, r);
    }
    const now = d.clock.now();
    for (const r of byResource.values()) {
      const objs = await d.objects(r);
      if (!objs) return 500; // the cache is still loading; counting now would under-report
      for (const obj of objs) {
        if (obj.metadata.namespace !== quota.metadata.namespace || !quotaMatches(quota, obj, r)) continue;
        for (const [k, v] of Object.entries(objectUsage(obj, r, now))) if (k in used) used[k]! += v;
      }
    }
    const status = { hard: { ...hard }, used: Object.fromEntries(keys.map((k) => [k, formatQuantity(k, used[k]!)])) };
    if (!isDeepStrictEqual(quota.status ?? {}, status)) {
      await d.client.updateStatus({ ...QUOTAS, namespace: quota.metadata.namespace }, { ...structuredClone(quota), status });
    }
    return o.resyncMs;
  };
}

class QuotaController extends Controller {
  constructor(o: ControllerOptions, private readonly sync: (key: string) => Promise<number | undefined>) { super(o); }
  protected override async reconcile(key: string): Promise<void> {
    const after = await this.sync(key);
    if (after !== undefined) this.queue.addAfter(key, after);
  }
}

export function createResourceQuotaController(d: ControllerDeps, opts: ResourceQuotaOptions = {}): RunnableController {
  const quotas = d.informers.forResource<Quota>(QUOTAS);
  const queue: WorkQueue<string> = createWorkQueue<string>({ clock: d.clock });
  const opened = new Map<string, Promise<SharedInformer<KObject>>>();

  const requeueNamespace = (ns: string | undefined) => {
    for (const q of quotas.list()) if (q.metadata.namespace === ns) queue.add(objectKey(q));
  };
  quotas.addHandler((e) => {
    if (e.type === 'delete') return;
    if (e.type === 'add' || !isDeepStrictEqual(e.old.spec, e.obj.spec) || !isDeepStrictEqual(e.obj.status?.hard, e.obj.spec?.hard)) queue.add(objectKey(e.obj));
  });

  const versionOf = async (group: string): Promise<string> => {
    if (VERSIONS[group]) return VERSIONS[group];
    const g = await d.client.raw('GET', `/apis/${group}`) as { preferredVersion?: { version?: string } };
    if (!g.preferredVersion?.version) throw new Error(`no preferred version for API group ${group}`);
    return g.preferredVersion.version;
  };
  const open = (r: QuotaResource): Promise<SharedInformer<KObject>> => {
    const id = `${r.group}/${r.plural}`;
    let p = opened.get(id);
    if (!p) {
      p = versionOf(r.group).then((version) => {
        const inf = d.informers.forResource<KObject>({ group: r.group, version, plural: r.plural });
        // quotas charge on create and release on delete or phase change, so every event recounts
        inf.addHandler((e) => requeueNamespace(e.obj.metadata.namespace));
        return inf;
      });
      p.catch(() => opened.delete(id));
      opened.set(id, p);
    }
    return p;
  };

  const sync = createQuotaSync({
    client: d.client, clock: d.clock, quota: (k) => quotas.get(k),
    objects: async (r) => { const inf = await open(r); return inf.hasSynced() ? inf.list() : undefined; },
  }, { resyncMs: opts.resyncMs ?? 5 * 60_000 });
  return new QuotaController({ name: 'resourcequota', log: d.log, shared: [quotas], queue, workers: opts.workers ?? 2 }, sync);
}
