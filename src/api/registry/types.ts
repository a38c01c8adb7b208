/** One declarative entry per resource: discovery, routes, OpenAPI and Tables are generated from these. */
import type { FieldError, KObject } from '../types/index.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
export const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export type CellValue = string | number | boolean | null;

export interface Column<T extends KObject = KObject> {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  /** 1 = shown only with `-o wide`. */
  priority?: 0 | 1;
  value: (o: T, now: Date) => CellValue;
}

export interface ScaleSubresource {
  /** Dotted JSON paths, e.g. `.spec.replicas`. */
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceDef<T extends KObject = KObject> {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural: the URL segment. */
  plural: string;
  singular: string;
  namespaced: boolean;
  /** Syntax rule for metadata.name (default 'subdomain' = DNS-1123 subdomain). */
  nameRule?: 'subdomain' | 'dns1123Label' | 'dns1035Label' | 'pathSegment';
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
  /** Defaults to ALL_VERBS. Create-only resources (reviews) use ['create']. */
  verbs?: Verb[];
  /** Not persisted (access reviews, token reviews): the API server answers them itself. */
  virtual?: boolean;
  subresources?: { status?: boolean; scale?: ScaleSubresource };
  /** OpenAPI component name of the kind's schema (see schema/defs). */
  schema: string;
  /** Table columns in order, including Name and Age. Defaults to Name, Age. */
  columns?: Column<T>[];
  /** Field selectors beyond metadata.name / metadata.namespace. */
  fieldSelectors?: Record<string, (o: T) => string | undefined>;
  /** Create-only preparation, after system metadata and before defaults (e.g. a pod's initial status). */
  prepareForCreate?: (o: T) => void;
  /** Update-only preparation before defaults: carry over fields clients may omit (e.g. a Service's clusterIP). */
  prepareForUpdate?: (o: T, old: T) => void;
  /** Fill defaults in place (runs on create and update, after patching). */
  defaults?: (o: T) => void;
  /** Kind-specific validation; `old` is set on update. */
  validate?: (o: T, old?: T) => FieldError[];
  /** True when writes to the main resource keep `.status` from the stored object (default: has status subresource). */
  statusIsolated?: boolean;
}

export type AnyResourceDef = ResourceDef<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineResource<T extends KObject>(d: ResourceDef<T>): ResourceDef<T> {
  return d;
}
