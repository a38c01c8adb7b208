/** Validation for Node and Event. */
import { fieldErr } from '../errors.js';
import type { CoreEvent, Node } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { parseCidr } from '../net/ipv4.js';
import { qualifiedName } from './names.js';
import { validateResourceList } from './quantity.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const POD_CIDR_CHANGE = 'node updates may not change podCIDR except from "" to valid';

/**
 * spec.podCIDR(s): valid CIDRs, podCIDRs[0] = podCIDR; on update a Node without one may get one (the
 * node IPAM controller assigns it), but an assigned one never changes (upstream ValidateNodeUpdate).
 */
function validatePodCidrs(node: Node, old?: Node): FieldError[] {
  const errs: FieldError[] = [];
  const { podCIDR, podCIDRs } = node.spec ?? {};
  if (podCIDR) { try { parseCidr(podCIDR); } catch { errs.push(fieldErr.invalid('spec.podCIDR', podCIDR, 'must be a valid CIDR')); } }
  (podCIDRs ?? []).forEach((c, i) => { try { parseCidr(c); } catch { errs.push(fieldErr.invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid CIDR')); } });
  if ((podCIDRs?.length ?? 0) > 1) errs.push(fieldErr.invalid('spec.podCIDRs', podCIDRs, 'may specify no more than one CIDR for each IP family'));
  if (podCIDR && podCIDRs?.length && podCIDRs[0] !== podCIDR) errs.push(fieldErr.invalid('spec.podCIDRs[0]', podCIDRs[0], `must match spec.podCIDR (${podCIDR})`));
  const cidrs = (n: Node) => (n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : []);
  const before = old ? cidrs(old) : [];
  if (before.length && JSON.stringify(before) !== JSON.stringify(cidrs(node))) errs.push(fieldErr.forbidden('spec.podCIDRs', POD_CIDR_CHANGE));
  return errs;
}

export function validateNode(node: Node, old?: Node): FieldError[] {
  const errs: FieldError[] = validatePodCidrs(node, old);
  const seen = new Set<string>();
  (node.spec?.taints ?? []).forEach((t, i) => {
    const tp = `spec.taints[${i}]`;
    if (!t.key) errs.push(fieldErr.required(`${tp}.key`));
    else for (const m of qualifiedName(t.key)) errs.push(fieldErr.invalid(`${tp}.key`, t.key, m));
    if (!t.effect) errs.push(fieldErr.required(`${tp}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(fieldErr.notSupported(`${tp}.effect`, t.effect, TAINT_EFFECTS));
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id)) errs.push(fieldErr.duplicate(tp, `${t.key}=${t.value ?? ''}:${t.effect}`));
    seen.add(id);
  });
  errs.push(...validateResourceList(node.status?.capacity, 'status.capacity'), ...validateResourceList(node.status?.allocatable, 'status.allocatable'));
  return errs;
}

/** Events must live in the namespace of the object they describe (or default, for cluster objects). */
export function validateEvent(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.involvedObject?.namespace;
  if (!ev.involvedObject) errs.push(fieldErr.required('involvedObject'));
  else if (ns && ns !== ev.metadata.namespace) errs.push(fieldErr.invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
  if (ev.type !== undefined && ev.type !== '' && !['Normal', 'Warning'].includes(ev.type)) errs.push(fieldErr.notSupported('type', ev.type, ['Normal', 'Warning']));
  if (ev.count !== undefined && ev.count < 0) errs.push(fieldErr.invalid('count', ev.count, 'must be greater than or equal to 0'));
  return errs;
}
