/**
 * The token cleaner (upstream `tokencleaner`): deletes bootstrap-token Secrets once they expire, so
 * expired tokens do not pile up in kube-system. (They stop authenticating and lose their cluster-info
 * signature at expiry regardless; this only tidies.) A token expiring later is looked at again then.
 */
import type { KObject } from '../api/types/index.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';
import { BOOTSTRAP_TOKEN_SECRET_TYPE } from '../pki/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const SECRETS = { group: '', version: 'v1', plural: 'secrets', namespace: 'kube-system' };

/** The Secret's expiration, from its base64 `data.expiration`; undefined = never expires. */
function expirationOf(s: KObject): Date | undefined {
  const raw = (s.data as Record<string, string> | undefined)?.expiration;
  if (!raw) return undefined;
  const d = new Date(Buffer.from(raw, 'base64').toString('utf8'));
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

class TokenCleaner extends Controller {
  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'delete'>,
    private readonly secrets: SharedInformer<KObject>,
    private readonly now: () => Date,
  ) { super(o); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    const s = this.secrets.get(key);
    if (!s || s.type !== BOOTSTRAP_TOKEN_SECRET_TYPE || s.metadata.deletionTimestamp) return;
    const exp = expirationOf(s);
    if (!exp) return;
    const left = exp.getTime() - this.now().getTime();
    if (left > 0) { this.queue.addAfter(key, left + 100); return; }
    try {
      await this.client.delete(SECRETS, s.metadata.name as string, { preconditions: { uid: s.metadata.uid }, signal });
      this.log.info({ secret: key }, 'deleted an expired bootstrap token');
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }
}

export function createTokenCleaner(d: ControllerDeps, o: { now?: () => Date } = {}): RunnableController {
  const queue = createWorkQueue<string>({ clock: d.clock });
  const secrets = d.informers.forResource<KObject>(SECRETS);
  secrets.addHandler((e) => {
    if (e.type !== 'delete' && e.obj.type === BOOTSTRAP_TOKEN_SECRET_TYPE) queue.add(`${e.obj.metadata.namespace}/${e.obj.metadata.name}`);
  });
  return new TokenCleaner({ name: 'tokencleaner', log: d.log, queue, shared: [secrets], workers: 1 }, d.client, secrets, o.now ?? (() => new Date()));
}
