/**
 * The live set of served resources. Built-in entries are fixed; CRDs add and remove entries at run time,
 * so discovery, routing and OpenAPI always reflect what is served now. `generation` changes on every
 * change so derived documents (discovery, OpenAPI) can be cached by it.
 */
import type { SchemaSet } from '../schema/types.js';
import type { AnyResourceDef } from './types.js';

export class Registry {
  private readonly defs = new Map<string, AnyResourceDef>();
  private readonly schemaSets = new Map<string, SchemaSet>();
  private gen = 0;
  /** schemas() is read on every write; rebuilt only when the registry changes. */
  private merged?: { gen: number; set: SchemaSet };

  constructor(builtin: AnyResourceDef[], builtinSchemas: SchemaSet) {
    for (const d of builtin) this.defs.set(pathKey(d.group, d.version, d.plural), d);
    this.schemaSets.set('', builtinSchemas);
  }

  get generation(): number { return this.gen; }

  all(): AnyResourceDef[] { return [...this.defs.values()]; }

  lookup(group: string, version: string, plural: string): AnyResourceDef | undefined {
    return this.defs.get(pathKey(group, version, plural));
  }

  byKind(group: string, version: string, kind: string): AnyResourceDef | undefined {
    return this.all().find((d) => d.group === group && d.version === version && d.kind === kind);
  }

  /** Any version of group/plural (used for storage keys, which are version-independent). */
  byGroupResource(group: string, plural: string): AnyResourceDef[] {
    return this.all().filter((d) => d.group === group && d.plural === plural);
  }

  schemas(): SchemaSet {
    if (this.merged?.gen !== this.gen) this.merged = { gen: this.gen, set: Object.assign({}, ...this.schemaSets.values()) as SchemaSet };
    return this.merged.set;
  }

  /** Adds or replaces the entries owned by `owner` (e.g. a CRD name). */
  setOwned(owner: string, defs: AnyResourceDef[], schemas: SchemaSet): void {
    this.removeOwned(owner);
    for (const d of defs) this.defs.set(pathKey(d.group, d.version, d.plural), { ...d, owner } as AnyResourceDef);
    this.schemaSets.set(owner, schemas);
    this.gen++;
  }

  removeOwned(owner: string): void {
    for (const [k, d] of this.defs) if ((d as { owner?: string }).owner === owner) this.defs.delete(k);
    this.schemaSets.delete(owner);
    this.gen++;
  }
}

const pathKey = (g: string, v: string, p: string) => `${g}/${v}/${p}`;
