/** Validation for Node and Event. */
import { fieldErr } from '../errors.js';
import type { CoreEvent, Node } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { qualifiedName } from './names.js';
import { validateResourceList } from './quantity.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateNode(node: Node): FieldError[] {
  const errs: FieldError[] = [];
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
