/** Validation of one container (apis/core/validation `validateContainers` and friends). */
import { fieldErr } from '../errors.js';
import type { Container } from '../registry/core-types.js';
import type { FieldError } from '../types/index.js';
import { dns1123Label } from './names.js';
import { parseQuantity, validateResourceList } from './quantity.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/; // printable ASCII except '='

/** IANA_SVC_NAME (RFC 6335): port names. Empty list = valid. */
export function ianaSvcName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (v.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export const validPort = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;

function validateResources(r: Container['resources'], path: string): FieldError[] {
  const errs = [...validateResourceList(r?.limits, `${path}.limits`), ...validateResourceList(r?.requests, `${path}.requests`)];
  for (const [name, req] of Object.entries(r?.requests ?? {})) {
    const lim = r?.limits?.[name];
    if (lim === undefined) continue;
    const rv = parseQuantity(req), lv = parseQuantity(lim);
    if (rv !== undefined && lv !== undefined && rv > lv) {
      errs.push(fieldErr.invalid(`${path}.requests[${name}]`, String(req), `must be less than or equal to ${name} limit of ${lim}`));
    }
  }
  return errs;
}

/** `volumes` = names of the pod's volumes, for checking volumeMounts. */
export function validateContainer(c: Container, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErr.required(`${path}.name`));
  else for (const m of dns1123Label(c.name)) errs.push(fieldErr.invalid(`${path}.name`, c.name, m));
  if (!c.image || !c.image.trim()) errs.push(fieldErr.required(`${path}.image`));
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(fieldErr.notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  if (c.terminationMessagePolicy !== undefined && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(fieldErr.notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }

  const portNames = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    if (p.name !== undefined && p.name !== '') {
      for (const m of ianaSvcName(p.name)) errs.push(fieldErr.invalid(`${pp}.name`, p.name, m));
      if (portNames.has(p.name)) errs.push(fieldErr.duplicate(`${pp}.name`, p.name));
      portNames.add(p.name);
    }
    if (p.containerPort === undefined) errs.push(fieldErr.required(`${pp}.containerPort`));
    else if (!validPort(p.containerPort)) errs.push(fieldErr.invalid(`${pp}.containerPort`, p.containerPort, PORT_RANGE));
    if (p.hostPort !== undefined && p.hostPort !== 0 && !validPort(p.hostPort)) errs.push(fieldErr.invalid(`${pp}.hostPort`, p.hostPort, PORT_RANGE));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
  });

  (c.env ?? []).forEach((e, i) => {
    const ep = `${path}.env[${i}]`;
    if (!e.name) errs.push(fieldErr.required(`${ep}.name`));
    else if (!ENV_NAME.test(e.name)) errs.push(fieldErr.invalid(`${ep}.name`, e.name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    if (e.value && e.valueFrom) errs.push(fieldErr.invalid(`${ep}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  });

  errs.push(...validateResources(c.resources, `${path}.resources`));

  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const mp = `${path}.volumeMounts[${i}]`;
    if (!m.name) errs.push(fieldErr.required(`${mp}.name`));
    else if (!volumes.has(m.name)) errs.push(fieldErr.invalid(`${mp}.name`, m.name, 'not found: must match the name of a volume in spec.volumes'));
    if (!m.mountPath) errs.push(fieldErr.required(`${mp}.mountPath`));
    else if (mountPaths.has(m.mountPath)) errs.push(fieldErr.invalid(`${mp}.mountPath`, m.mountPath, 'must be unique'));
    if (m.mountPath) mountPaths.add(m.mountPath);
  });
  return errs;
}
