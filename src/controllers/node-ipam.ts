/**
 * The node IPAM controller (kube-controller-manager's `nodeipam` range allocator): every Node gets
 * `spec.podCIDR` + `spec.podCIDRs` = a free per-node block (/24 by default) of the cluster CIDR;
 * the node agent builds its pod network on it. Blocks Nodes already hold are occupied before any
 * new one is handed out (the workers start only after the node cache has synced), a deleted Node's
 * block is freed, and one worker keeps two nodes from ever getting the same block. When the range
 * is exhausted the Node gets a Warning event `CIDRNotAvailable` and waits until a block frees up.
 * The API refuses to change an assigned podCIDR (validation), so a stale write cannot move one.
 */
import type { Node } from '../api/registry/core-types.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import { Controller } from './controller.js';
import type { ControllerDeps, EventRecorder, RunnableController } from './deps.js';
import { createCidrSet, type CidrSet } from './node-ipam-cidrs.js';
import type { SharedInformer } from './shared-informers.js';
import { createWorkQueue } from './workqueue.js';

const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
/** A node waiting for a block is looked at again this often even without a node being deleted. */
const EXHAUSTED_RETRY_MS = 60_000;

export interface NodeIpamOptions {
  clusterCidr: string;
  /** Prefix length of each node's block (default 24). */
  nodeCidrMaskSize?: number;
}

const podCidrOf = (n: Node) => n.spec?.podCIDRs?.[0] ?? n.spec?.podCIDR;

class NodeIpamController extends Controller {
  /** Node name → the block this controller assigned or saw it hold. */
  private readonly holders = new Map<string, string>();
  private readonly waiting = new Set<string>();

  constructor(
    o: ConstructorParameters<typeof Controller>[0],
    private readonly client: Pick<KubeClient, 'patch'>,
    private readonly nodes: SharedInformer<Node>,
    private readonly cidrs: CidrSet,
    private readonly recorder: EventRecorder,
    private readonly maskSize: number,
  ) { super(o); }

  /** A node as the cache shows it: record (or free) its block. Called from the informer handler. */
  observe(node: Node, deleted: boolean): void {
    const name = node.metadata.name ?? '';
    const held = this.holders.get(name);
    if (deleted) {
      if (held) { this.cidrs.release(held); this.holders.delete(name); }
      this.waiting.delete(name);
      for (const w of this.waiting) this.queue.add(w);
      return;
    }
    const cidr = podCidrOf(node);
    if (cidr && cidr !== held) {
      if (this.cidrs.occupy(cidr)) this.holders.set(name, cidr);
      else this.log.info({ node: name, podCIDR: cidr }, 'node holds a pod CIDR outside the cluster CIDR; left alone');
    }
    if (!cidr) this.queue.add(name);
  }

  protected override async reconcile(name: string, signal: AbortSignal): Promise<void> {
    const node = this.nodes.get(name);
    if (!node || node.metadata.deletionTimestamp || podCidrOf(node)) { this.waiting.delete(name); return; }
    // Assigned earlier, but the cache has not caught up with our write yet: write the same block again.
    const cidr = this.holders.get(name) ?? this.cidrs.allocate();
    if (!cidr) {
      if (!this.waiting.has(name)) {
        this.recorder.event({ apiVersion: 'v1', kind: 'Node', ...node }, 'Warning', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable (no free /${this.maskSize} block left in the cluster CIDR)`);
      }
      this.waiting.add(name);
      this.queue.addAfter(name, EXHAUSTED_RETRY_MS);
      return;
    }
    this.holders.set(name, cidr);
    this.waiting.delete(name);
    try {
      await this.client.patch(NODES, name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } }, { signal });
      this.log.info({ node: name, podCIDR: cidr }, 'assigned pod CIDR');
    } catch (e) {
      if (isNotFound(e)) { this.cidrs.release(cidr); this.holders.delete(name); return; }
      throw e; // retried with back-off; the block stays reserved for this node meanwhile
    }
  }
}

export function createNodeIpamController(d: ControllerDeps, o: NodeIpamOptions): RunnableController {
  const mask = o.nodeCidrMaskSize ?? 24;
  const queue = createWorkQueue<string>({ clock: d.clock });
  const nodes = d.informers.forResource<Node>(NODES);
  const ctrl = new NodeIpamController({ name: 'node-ipam', log: d.log, queue, shared: [nodes], workers: 1 }, d.client, nodes, createCidrSet(o.clusterCidr, mask), d.recorder, mask);
  nodes.addHandler((e) => ctrl.observe(e.obj, e.type === 'delete'));
  return ctrl;
}
