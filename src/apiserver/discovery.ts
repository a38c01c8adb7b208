/**
 * Discovery documents, legacy (`APIVersions`, `APIGroupList`, `APIResourceList`) and aggregated v2
 * (`APIGroupDiscoveryList`), all generated from the registry. client-go picks aggregated only from the
 * response Content-Type, so it is set exactly (notes §1.2).
 */
import type { IncomingMessage } from 'node:http';
import type { Registry } from '../api/registry/registry.js';
import { ALL_VERBS, type AnyResourceDef } from '../api/registry/types.js';
import { specialSubresourcesOf } from './subresources.js';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2') && !p.includes('v=v2beta1') && p.includes('as=APIGroupDiscoveryList'));
}

interface GroupVersions { name: string; versions: string[] }

/** Groups in a stable order: core first, then the built-in order of registration. */
function groups(reg: Registry): GroupVersions[] {
  const out: GroupVersions[] = [];
  for (const d of reg.all()) {
    let g = out.find((x) => x.name === d.group);
    if (!g) out.push((g = { name: d.group, versions: [] }));
    if (!g.versions.includes(d.version)) g.versions.push(d.version);
  }
  return out;
}

const verbsOf = (d: AnyResourceDef) => [...(d.verbs ?? ALL_VERBS)].sort();

function subresources(d: AnyResourceDef) {
  const subs: Array<{ name: string; group: string; version: string; kind: string; verbs: string[] }> = [];
  if (d.subresources?.status) subs.push({ name: 'status', group: d.group, version: d.version, kind: d.kind, verbs: ['get', 'patch', 'update'] });
  if (d.subresources?.scale) subs.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  for (const s of specialSubresourcesOf(d.group, d.plural)) subs.push({ name: s.name, group: s.group, version: s.version, kind: s.kind, verbs: s.verbs });
  return subs;
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(g: GroupVersions) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(reg: Registry) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(reg).filter((g) => g.name !== '').map(groupEntry) };
}

export function apiGroup(reg: Registry, name: string) {
  const g = groups(reg).find((x) => x.name === name);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) };
}

export function apiResourceList(reg: Registry, group: string, version: string) {
  const defs = reg.all().filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  const resources: unknown[] = [];
  for (const d of defs) {
    resources.push({
      name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: verbsOf(d),
      ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
      ...(d.categories?.length ? { categories: d.categories } : {}),
      storageVersionHash: '',
    });
    for (const s of subresources(d)) {
      resources.push({
        name: `${d.plural}/${s.name}`, singularName: '', namespaced: d.namespaced, kind: s.kind, verbs: s.verbs,
        ...(s.group !== d.group || s.version !== d.version ? { group: s.group, version: s.version } : {}),
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** `/api` (core only) or `/apis` (all other groups) in aggregated form. */
export function aggregatedDiscovery(reg: Registry, core: boolean) {
  const items = groups(reg).filter((g) => (g.name === '') === core).map((g) => ({
    metadata: { name: g.name },
    versions: g.versions.map((v) => ({
      version: v,
      freshness: 'Current',
      resources: reg.all().filter((d) => d.group === g.name && d.version === v).map((d) => ({
        resource: d.plural,
        singularResource: d.singular,
        scope: d.namespaced ? 'Namespaced' : 'Cluster',
        responseKind: { group: d.group, version: d.version, kind: d.kind },
        verbs: verbsOf(d),
        ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
        ...(d.categories?.length ? { categories: d.categories } : {}),
        ...(subresources(d).length ? {
          subresources: subresources(d).map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })),
        } : {}),
      })),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
