/**
 * A CRD → the registry entries that serve it: one ResourceDef per `served: true` version, plus
 * that version's OpenAPI component. Storage is version-independent (conversion strategy None), so
 * every version reads and writes the same `/registry/<group>/<plural>/` keys.
 */
import type { AnyResourceDef, ResourceDef } from '../../api/registry/types.js';
import type { SchemaSet } from '../../api/schema/index.js';
import type { KObject } from '../../api/types/index.js';
import { printerColumns } from './columns.js';
import { structuralDefaulter } from './defaulting.js';
import { compileJsonPath } from './jsonpath.js';
import { crdComponentSchema, crdSchemaName } from './schema.js';
import type { Crd, CrdNames, CrdVersionSpec } from './types.js';
import { compileCrValidator } from './validation.js';

export interface CrdServing { defs: AnyResourceDef[]; schemas: SchemaSet }

/** spec.names with the defaults upstream applies (singular = lower-case kind, listKind = kind + "List"). */
export function defaultedNames(n: CrdNames): CrdNames {
  const kind = n.kind ?? '';
  const out: CrdNames = { plural: n.plural ?? '', singular: n.singular || kind.toLowerCase(), kind, listKind: n.listKind || `${kind}List` };
  if (n.shortNames?.length) out.shortNames = [...n.shortNames];
  if (n.categories?.length) out.categories = [...n.categories];
  return out;
}

/**
 * Builds the served entries using `names` (the accepted names, which may lag spec.names).
 * Throws when a version's schema cannot be compiled.
 */
export function buildCrdServing(crd: Crd, names: CrdNames = defaultedNames(crd.spec.names)): CrdServing {
  const defs: AnyResourceDef[] = [];
  const schemas: SchemaSet = {};
  for (const v of crd.spec.versions) {
    if (!v.served) continue;
    const def = versionDef(crd, v, names);
    schemas[def.schema] = crdComponentSchema(v.schema?.openAPIV3Schema, { group: def.group, version: def.version, kind: def.kind });
    defs.push(def);
  }
  return { defs, schemas };
}

/** One entry serving every version, used to reach the stored objects (all versions share storage). */
export function storageDef(crd: Crd): AnyResourceDef {
  const names = defaultedNames(crd.spec.names);
  const v = crd.spec.versions.find((x) => x.storage) ?? crd.spec.versions[0];
  return {
    group: crd.spec.group, version: v?.name ?? 'v1', kind: names.kind ?? '', plural: names.plural ?? '',
    singular: names.singular ?? '', namespaced: crd.spec.scope === 'Namespaced', schema: '',
  };
}

function versionDef(crd: Crd, v: CrdVersionSpec, names: CrdNames): ResourceDef<KObject> {
  const kind = names.kind ?? '';
  const def: ResourceDef<KObject> = {
    group: crd.spec.group, version: v.name, kind, plural: names.plural ?? '', singular: names.singular ?? '',
    listKind: names.listKind, namespaced: crd.spec.scope === 'Namespaced',
    schema: crdSchemaName(crd.spec.group, v.name, kind),
    columns: printerColumns(v.additionalPrinterColumns),
    defaults: structuralDefaulter(v.schema?.openAPIV3Schema),
    validate: compileCrValidator(v.schema?.openAPIV3Schema),
  };
  if (names.shortNames?.length) def.shortNames = names.shortNames;
  if (names.categories?.length) def.categories = names.categories;
  const sub = v.subresources;
  if (sub?.status || sub?.scale) {
    def.subresources = {};
    if (sub.status) def.subresources.status = true;
    if (sub.scale) def.subresources.scale = { ...sub.scale };
  }
  if (v.selectableFields?.length) def.fieldSelectors = selectableFields(v.selectableFields);
  return def;
}

/** `selectableFields` → field selectors keyed by the path without its leading dot (`spec.color`). */
function selectableFields(fields: Array<{ jsonPath: string }>): Record<string, (o: KObject) => string | undefined> {
  const out: Record<string, (o: KObject) => string | undefined> = {};
  for (const f of fields) {
    const path = compileJsonPath(f.jsonPath);
    out[f.jsonPath.replace(/^\./, '')] = (o) => {
      const v = path(o)[0];
      return v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
    };
  }
  return out;
}
