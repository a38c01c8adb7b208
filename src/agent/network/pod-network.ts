/**
 * The node's pod network, driven by the Node objects (a small controller with two keys):
 * - `setup`: once this node's `spec.podCIDR` is assigned (node IPAM), write the CNI conflist into
 *   containerd's conf dir, set up the host (forwarding, masquerade, FORWARD accept) and wait until
 *   the CRI reports `NetworkReady`; from then on `ready()` is true and pods get sandboxes on it;
 * - `routes`: every change of any Node re-derives the routes to the peers' podCIDRs (routes.ts:
 *   host-gw, or VXLAN for peers off the local subnets) and applies them (route-applier.ts); the
 *   first VXLAN peer brings up this node's VXLAN device and publishes its MAC on the Node.
 * Everything is idempotent, so an agent restart re-applies the same state; nothing is undone on
 * shutdown (pods keep running) — `cleanupPodNetwork` is for `kite remove`.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Node } from '../../api/registry/core-types.js';
import type { KObject } from '../../api/types/index.js';
import type { KubeClient } from '../../client/index.js';
import { Controller, createInformer, createWorkQueue, realClock, type Clock, type Informer } from '../../controllers/index.js';
import type { RuntimeService } from '../cri/index.js';
import { CONFLIST_NAME, DEFAULT_BRIDGE, renderConflist } from './conflist.js';
import { cniDirOf, recordVxlanDevice, setupHostNetwork } from './host-setup.js';
import { applyPeerRoutes, connectedSubnets } from './route-applier.js';
import { peerRoutes, VTEP_MAC_ANNOTATION, VXLAN } from './routes.js';
import { ensureVxlanDevice } from './vxlan.js';

export interface PodNetworkOptions {
  client: Pick<KubeClient, 'list' | 'watch' | 'patch'>;
  nodeName: string;
  dataDir: string;
  /** containerd's CNI conf dir (DIR/agent/cni/net.d). */
  confDir: string;
  /** The node bridge (default `kite0`; tests running several agents on one host pick their own). */
  bridge?: string;
  clusterCidr: string;
  cri: Pick<RuntimeService, 'status'>;
  log: Logger;
  clock?: Clock;
}

export interface PodNetwork {
  /** True once the conflist and host rules are in place and the CRI reports NetworkReady. */
  ready(): boolean;
  /** This node's podCIDR, once assigned. */
  podCidr(): string | undefined;
  /** Resolves once the controller and its informer have stopped. */
  done: Promise<void>;
}

const NETWORK_READY_WAIT_MS = 15_000;

class PodNetworkController extends Controller {
  ready = false;
  podCidr: string | undefined;
  private readonly waitingLogged = new Set<string>();
  private vxlanUp = false;

  constructor(c: ConstructorParameters<typeof Controller>[0], private readonly o: PodNetworkOptions & { bridge: string; clock: Clock }, private readonly nodes: Informer<Node>) { super(c); }

  protected override async reconcile(key: string, signal: AbortSignal): Promise<void> {
    if (key === 'setup') await this.setup(signal);
    else await this.syncRoutes(signal);
  }

  private async setup(signal: AbortSignal): Promise<void> {
    const me = this.nodes.get(this.o.nodeName);
    const cidr = me?.spec?.podCIDRs?.[0] ?? me?.spec?.podCIDR;
    if (!cidr || (this.ready && cidr === this.podCidr)) return;
    this.podCidr = cidr;
    const { bridge, dataDir, confDir, clusterCidr } = this.o;
    await setupHostNetwork({ bridge, podCidr: cidr, clusterCidr }, dataDir);
    await mkdir(confDir, { recursive: true });
    const file = path.join(confDir, CONFLIST_NAME);
    await writeFile(`${file}.tmp`, renderConflist({ bridge, podCidr: cidr, ipamDir: path.join(cniDirOf(dataDir), 'ipam') }));
    await rename(`${file}.tmp`, file); // containerd watches the dir: it must never read half a file
    for (const end = this.o.clock.now() + NETWORK_READY_WAIT_MS; ;) {
      const st = await this.o.cri.status(signal);
      if (st.conditions.find((c) => c.type === 'NetworkReady')?.status) break;
      if (this.o.clock.now() > end) throw new Error('the container runtime does not report NetworkReady after the CNI config was written');
      await this.o.clock.sleep(200, signal);
    }
    this.ready = true;
    this.log.info({ podCIDR: cidr, bridge }, 'pod network ready');
  }

  private async syncRoutes(signal: AbortSignal): Promise<void> {
    const routes = peerRoutes({ name: this.o.nodeName, subnets: await connectedSubnets() }, this.nodes.list());
    if (routes.some((r) => r.mode === 'vxlan')) await this.ensureVxlan(signal);
    for (const r of routes) {
      if (r.mode === 'vxlan' && !(r.vtepMac && this.vxlanUp) && !this.waitingLogged.has(r.node)) {
        this.waitingLogged.add(r.node);
        this.log.warn({ node: r.node, peerIP: r.peerIP, podCIDR: r.podCidr }, 'peer is reachable only over VXLAN and has not published its VTEP yet (or ours is not up): no route to its pods yet');
      }
    }
    const changed = await applyPeerRoutes(routes, { clusterCidr: this.o.clusterCidr, ...(this.vxlanUp ? { vxlanDevice: VXLAN.device } : {}) });
    if (changed.added.length || changed.removed.length) this.log.info(changed, 'peer pod routes updated');
  }

  /** Brings up this node's VTEP (needs its podCIDR and InternalIP) and publishes its MAC on the Node. */
  private async ensureVxlan(signal: AbortSignal): Promise<void> {
    const me = this.nodes.get(this.o.nodeName);
    const podCidr = me?.spec?.podCIDRs?.[0] ?? me?.spec?.podCIDR;
    const localIP = me?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!me || !podCidr || !localIP) return;
    await recordVxlanDevice(this.o.dataDir);
    const mac = await ensureVxlanDevice({ localIP, podCidr });
    this.vxlanUp = true;
    if (me.metadata.annotations?.[VTEP_MAC_ANNOTATION] !== mac) {
      await this.o.client.patch({ group: '', version: 'v1', plural: 'nodes' }, this.o.nodeName, 'merge', { metadata: { annotations: { [VTEP_MAC_ANNOTATION]: mac } } }, { signal });
    }
  }
}

export function startPodNetwork(o: PodNetworkOptions, signal: AbortSignal): PodNetwork {
  const clock = o.clock ?? realClock;
  const queue = createWorkQueue<string>({ clock });
  const log = o.log.child({ component: 'pod-network' });
  const nodes = createInformer<Node>({
    client: o.client, ref: { group: '', version: 'v1', plural: 'nodes' }, log, clock,
    onEvent: (e) => {
      if (e.obj.metadata.name === o.nodeName) queue.add('setup');
      queue.add('routes');
    },
  });
  const ctrl = new PodNetworkController(
    { name: 'pod-network', log, informers: [nodes as unknown as Informer<KObject>], queue, workers: 1 },
    { ...o, bridge: o.bridge ?? DEFAULT_BRIDGE, clock }, nodes,
  );
  return { ready: () => ctrl.ready, podCidr: () => ctrl.podCidr, done: ctrl.run(signal) };
}
