/**
 * A container's environment as the kubelet builds it (`makeEnvironmentVariables`):
 * - `envFrom` first (configMaps/secrets, each key with the source's prefix; keys that are not valid
 *   variable names are skipped), then `env` in order, later names overriding earlier ones;
 * - `env[].value` may refer to variables defined before it as `$(NAME)`; `$$` escapes a `$`;
 *   unresolvable references stay as written (`expand`, also used for command and args);
 * - a missing configMap/secret/key fails the container with CreateContainerConfigError unless `optional`.
 * Service links (`FOO_SERVICE_HOST`) are not generated yet.
 */
import type { ConfigMap, Container, Secret } from '../../api/registry/core-types.js';
import type { KeyValue } from '../cri/index.js';
import { fieldRefValue, resourceFieldValue, type DownwardContext, type ResourceFieldRef } from '../volumes/index.js';

export class ConfigError extends Error {}

export interface EnvObjects {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

interface KeyRef { name?: string; key: string; optional?: boolean }
interface EnvVarSpec {
  name: string; value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef; fieldRef?: { fieldPath: string }; resourceFieldRef?: ResourceFieldRef };
}
interface EnvFromSpec { prefix?: string; configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }

const VALID_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Kubernetes `$(VAR)` expansion (third_party/forked/golang/expansion). */
export function expand(input: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) { out += ch; continue; }
    const next = input[i + 1];
    if (next === '$') { out += '$'; i++; continue; }
    if (next === '(') {
      const end = input.indexOf(')', i + 2);
      if (end < 0) { out += input.slice(i); break; }
      const name = input.slice(i + 2, end);
      out += vars.has(name) ? vars.get(name) : `$(${name})`;
      i = end;
      continue;
    }
    out += ch;
  }
  return out;
}

async function sourceData(objs: EnvObjects, kind: 'configMap' | 'secret', ns: string, name: string): Promise<Map<string, string> | undefined> {
  if (kind === 'configMap') {
    const cm = await objs.configMap(ns, name);
    return cm ? new Map(Object.entries(cm.data ?? {})) : undefined;
  }
  const s = await objs.secret(ns, name);
  return s ? new Map(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : undefined;
}

async function keyRef(objs: EnvObjects, kind: 'configMap' | 'secret', ns: string, ref: KeyRef): Promise<string | undefined> {
  const data = await sourceData(objs, kind, ns, ref.name ?? '');
  const label = kind === 'configMap' ? 'configmap' : 'secret';
  if (!data) {
    if (ref.optional) return undefined;
    throw new ConfigError(`${label} "${ref.name}" not found`);
  }
  const v = data.get(ref.key);
  if (v === undefined && !ref.optional) throw new ConfigError(`couldn't find key ${ref.key} in ${kind === 'configMap' ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}`);
  return v;
}

/** The container's environment, in definition order (a later definition of a name replaces the value in place). */
export async function containerEnv(c: Container, x: DownwardContext, objs: EnvObjects): Promise<Map<string, string>> {
  const ns = x.pod.metadata.namespace ?? '';
  const vars = new Map<string, string>();
  for (const from of (c.envFrom ?? []) as EnvFromSpec[]) {
    const kind = from.configMapRef ? 'configMap' : from.secretRef ? 'secret' : undefined;
    const ref = from.configMapRef ?? from.secretRef;
    if (!kind || !ref) continue;
    const data = await sourceData(objs, kind, ns, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      throw new ConfigError(`${kind === 'configMap' ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of data) {
      const name = `${from.prefix ?? ''}${k}`;
      if (VALID_NAME.test(name)) vars.set(name, v);
    }
  }
  for (const e of (c.env ?? []) as EnvVarSpec[]) {
    const vf = e.valueFrom;
    let v: string | undefined;
    if (!vf) v = expand(e.value ?? '', vars);
    else if (vf.configMapKeyRef) v = await keyRef(objs, 'configMap', ns, vf.configMapKeyRef);
    else if (vf.secretKeyRef) v = await keyRef(objs, 'secret', ns, vf.secretKeyRef);
    else if (vf.fieldRef) v = fieldRefValue(x, vf.fieldRef.fieldPath);
    else if (vf.resourceFieldRef) v = resourceFieldValue(x, vf.resourceFieldRef, c.name);
    if (v !== undefined) vars.set(e.name, v);
  }
  return vars;
}

export const toKeyValues = (vars: ReadonlyMap<string, string>): KeyValue[] => [...vars].map(([key, value]) => ({ key, value }));
