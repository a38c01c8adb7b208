/**
 * Cluster IPs and node ports of Services (kube-apiserver's service REST allocation step): fills
 * unset values, reserves explicit ones, and refuses taken or out-of-range ones with upstream's 422
 * wording. What an update keeps is not re-allocated; what it drops is released only once the write
 * is stored (`commit`). Everything taken for a write that fails is given back (`revert`).
 */
import { fieldErr, internal, invalid } from '../../api/errors.js';
import type { Service } from '../../api/registry/core-types.js';
import type { FieldError, KObject } from '../../api/types/index.js';
import type { HeldAllocation, ResourceWriteHook } from '../write-hooks.js';
import type { IpRange, PortRange } from './ranges.js';

type Spec = Service['spec'] & { healthCheckNodePort?: number };

const needsClusterIP = (s: Spec) => (s.type ?? 'ClusterIP') !== 'ExternalName';
const needsNodePorts = (s: Spec) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHealthCheckPort = (s: Spec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

/** The cluster IP and node ports a stored Service holds. */
function heldBy(svc: Service | undefined): { ip?: string; ports: Set<number> } {
  const s = svc?.spec as Spec | undefined;
  if (!s) return { ports: new Set() };
  const ip = needsClusterIP(s) && s.clusterIP && s.clusterIP !== 'None' ? s.clusterIP : undefined;
  const ports = new Set<number>();
  for (const p of s.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  if (s.healthCheckNodePort) ports.add(s.healthCheckNodePort);
  return { ip, ports };
}

export class ServiceAllocator implements ResourceWriteHook {
  constructor(private readonly ips: IpRange, private readonly ports: PortRange) {}

  /** Marks what stored Services hold (at start, before serving). Returns values that collided. */
  rebuild(services: Service[]): string[] {
    const clashes: string[] = [];
    for (const svc of services) {
      const h = heldBy(svc);
      const who = `${svc.metadata.namespace}/${svc.metadata.name}`;
      if (h.ip && this.ips.allocate(h.ip) !== 'ok') clashes.push(`${who}: cluster IP ${h.ip}`);
      for (const p of h.ports) if (this.ports.allocate(p) !== 'ok') clashes.push(`${who}: node port ${p}`);
    }
    return clashes;
  }

  admit(obj: KObject, old: KObject | undefined): HeldAllocation {
    const svc = obj as Service;
    const spec = (svc.spec ??= {}) as Spec;
    const before = heldBy(old as Service | undefined);
    const takenIps: string[] = [];
    const takenPorts: number[] = [];
    // Idempotent: a value given back once may already be someone else's by a second call.
    const revert = () => {
      for (const ip of takenIps.splice(0)) this.ips.release(ip);
      for (const p of takenPorts.splice(0)) this.ports.release(p);
    };
    const errs: FieldError[] = [];
    try {
      this.clusterIP(spec, before.ip, takenIps, errs);
      this.nodePorts(spec, before.ports, takenPorts, errs);
    } catch (e) {
      revert();
      throw e;
    }
    if (errs.length) {
      revert();
      throw invalid('Service', '', svc.metadata.name ?? '', errs);
    }
    const after = heldBy(svc);
    return {
      revert,
      commit: () => {
        takenIps.length = 0;
        takenPorts.length = 0;
        if (before.ip && before.ip !== after.ip) this.ips.release(before.ip);
        for (const p of before.ports) if (!after.ports.has(p)) this.ports.release(p);
        before.ip = undefined;
        before.ports.clear();
      },
    };
  }

  deleted(obj: KObject): void {
    const h = heldBy(obj as Service);
    if (h.ip) this.ips.release(h.ip);
    for (const p of h.ports) this.ports.release(p);
  }

  private clusterIP(spec: Spec, kept: string | undefined, taken: string[], errs: FieldError[]): void {
    if (!needsClusterIP(spec)) return;
    const want = spec.clusterIP || spec.clusterIPs?.[0];
    if (want === 'None') return;
    if (want && want === kept) return;
    if (want) {
      const r = this.ips.allocate(want);
      if (r === 'ok') taken.push(want);
      else if (r === 'taken') errs.push(fieldErr.invalid('spec.clusterIPs[0]', want, 'provided IP is already allocated'));
      else errs.push(fieldErr.invalid('spec.clusterIPs[0]', want, `provided IP is not in the valid range. The range of valid IPs is ${this.ips.description}`));
      return;
    }
    const ip = this.ips.allocateNext();
    if (!ip) throw internal(`failed to allocate a serviceIP: range is full (${this.ips.description})`);
    taken.push(ip);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }

  private nodePorts(spec: Spec, kept: Set<number>, taken: number[], errs: FieldError[]): void {
    const mine = new Set<number>();
    const claim = (port: number, field: string): void => {
      if (mine.has(port)) return; // one node port may serve a TCP and a UDP port of the same Service
      mine.add(port);
      if (kept.has(port)) return;
      const r = this.ports.allocate(port);
      if (r === 'ok') taken.push(port);
      else if (r === 'taken') errs.push(fieldErr.invalid(field, port, 'provided port is already allocated'));
      else errs.push(fieldErr.invalid(field, port, `provided port is not in the valid range. The range of valid ports is ${this.ports.description}`));
    };
    const next = (): number => {
      const p = this.ports.allocateNext();
      if (p === undefined) throw internal(`failed to allocate a nodePort: range is full (${this.ports.description})`);
      taken.push(p);
      mine.add(p);
      return p;
    };
    const list = spec.ports ?? [];
    // Explicit ports first, so a generated one never takes a port asked for further down the list.
    list.forEach((p, i) => { if (p.nodePort) claim(p.nodePort, `spec.ports[${i}].nodePort`); });
    if (spec.healthCheckNodePort) claim(spec.healthCheckNodePort, 'spec.healthCheckNodePort');
    if (errs.length) return;
    if (needsNodePorts(spec)) for (const p of list) p.nodePort ||= next();
    if (needsHealthCheckPort(spec)) spec.healthCheckNodePort ||= next();
  }
}
