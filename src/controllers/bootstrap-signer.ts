/**
 * The bootstrap signer (upstream `bootstrapsigner`): keeps one `jws-kubeconfig-<token-id>` key in
 * ConfigMap `kube-public/cluster-info` per bootstrap token that may sign (usage-bootstrap-signing,
 * unexpired): a detached HS256 JWS over the `kubeconfig` key, so a machine holding the token can
 * trust the CA in it. Keys of deleted or expired tokens are removed; an expiry re-queues the work.
 */
import type { KObject } from '../api/types/index.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';
import { BOOTSTRAP_TOKEN_SECRET_TYPE, computeDetachedJws, readBootstrapTokenSecret, tokenUsable } from '../pki/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps', namespace: 'kube-public' };
const SECRETS = { group: '', version: 'v1', plural: 'secrets', namespace: 'kube-system' };
export const CLUSTER_INFO = 'cluster-info';
export const JWS_PREFIX = 'jws-kubeconfig-';
const KEY = 'kube-public/cluster-info';

const decoded = (s: KObject): Record<string, string> =>
  Object.fromEntries(Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

/** The cluster-info data the signing tokens call for, and when the soonest of them expires. */
export function signedClusterInfo(data: Record<string, string>, secrets: KObject[], now: Date): { data: Record<string, string>; nextExpiry?: Date } {
  const out = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith(JWS_PREFIX)));
  const kubeconfig = data.kubeconfig ?? '';
  let nextExpiry: Date | undefined;
  for (const s of secrets) {
    if (s.metadata.deletionTimestamp) continue;
    const t = readBootstrapTokenSecret(s.metadata.name ?? '', s.type as string | undefined, decoded(s));
    if (!t || !tokenUsable(t, 'signing', now)) continue;
    out[`${JWS_PREFIX}${t.id}`] = computeDetachedJws(kubeconfig, t.id, t.secret);
    if (t.expiration && (!nextExpiry || t.expiration < nextExpiry)) nextExpiry = t.expiration;
  }
  return { data: out, ...(nextExpiry ? { nextExpiry } : {}) };
}

const sameData = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

class BootstrapSigner extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'update'>,
    private readonly configMaps: SharedInformer<KObject>,
    private readonly secrets: SharedInformer<KObject>,
    private readonly now: () => Date,
  ) { super(o); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const cm = this.configMaps.get(key);
    if (!cm || cm.metadata.deletionTimestamp) return;
    const data = (cm.data ?? {}) as Record<string, string>;
    const now = this.now();
    const want = signedClusterInfo(data, this.secrets.list().filter((s) => s.type === BOOTSTRAP_TOKEN_SECRET_TYPE), now);
    if (want.nextExpiry) this.queue.addAfter(key, Math.max(0, want.nextExpiry.getTime() - now.getTime()) + 100);
    if (sameData(want.data, data)) return;
    try {
      await this.client.update(CONFIGMAPS, { ...structuredClone(cm), data: want.data }, { signal });
    } catch (e) {
      if (isConflict(e)) { this.queue.add(key); return; }
      if (!isNotFound(e)) throw e;
    }
  }
}

export function createBootstrapSigner(d: ControllerDeps, o: { now?: () => Date } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const configMaps = d.informers.forResource<KObject>(CONFIGMAPS, { fieldSelector: `metadata.name=${CLUSTER_INFO}` });
  const secrets = d.informers.forResource<KObject>(SECRETS);
  configMaps.addHandler((e) => { if (e.type !== 'delete') queue.add(KEY); });
  secrets.addHandler((e) => { if (e.obj.type === BOOTSTRAP_TOKEN_SECRET_TYPE) queue.add(KEY); });
  return new BootstrapSigner({ name: 'bootstrapsigner', log: d.log, queue, shared: [configMaps, secrets], workers: 1 }, d.client, configMaps, secrets, o.now ?? (() => new Date()));
}
