/**
 * The ServiceAccount controller (upstream serviceaccounts_controller): every active namespace has
 * a `default` ServiceAccount; it is created when a namespace appears and re-created when deleted.
 * Namespaces being terminated are skipped (the server would refuse the create anyway).
 */
import type { KObject } from '../api/types/index.js';
import { ApiError, type KubeClient } from '../client/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
const SERVICE_ACCOUNTS = { group: '', version: 'v1', plural: 'serviceaccounts' };
const DEFAULT_SA = 'default';

const active = (ns: KObject) => !ns.metadata.deletionTimestamp && (ns.status as { phase?: string } | undefined)?.phase !== 'Terminating';

class ServiceAccountController extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'create'>,
    private readonly namespaces: SharedInformer<KObject>,
    private readonly accounts: SharedInformer<KObject>,
  ) { super(o); }

  /** key: a namespace name. */
  protected override async reconcile(ns: string, signal: AbortSignal): Promise<void> {
    const n = this.namespaces.get(ns);
    if (!n || !active(n) || this.accounts.get(`${ns}/${DEFAULT_SA}`)) return;
    try {
      await this.client.create({ ...SERVICE_ACCOUNTS, namespace: ns }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SA, namespace: ns } }, { signal });
      this.log.debug({ namespace: ns }, 'created the default service account');
    } catch (e) {
      // exists already (cache behind), or the namespace started terminating meanwhile
      if (e instanceof ApiError && (e.reason === 'AlreadyExists' || (e.code === 403 && /terminat/.test(e.message)))) return;
      throw e;
    }
  }
}

export function createServiceAccountController(d: ControllerDeps, o: { workers?: number } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const namespaces = d.informers.forResource<KObject>(NAMESPACES);
  const accounts = d.informers.forResource<KObject>(SERVICE_ACCOUNTS);
  namespaces.addHandler((e) => { if (e.type !== 'delete' && active(e.obj)) queue.add(e.obj.metadata.name as string); });
  accounts.addHandler((e) => {
    if (e.type === 'delete' && e.obj.metadata.name === DEFAULT_SA && e.obj.metadata.namespace) queue.add(e.obj.metadata.namespace);
  });
  return new ServiceAccountController(
    { name: 'serviceaccount', log: d.log, queue, shared: [namespaces, accounts], workers: o.workers ?? 1 },
    d.client, namespaces, accounts,
  );
}
