/**
 * OpenAPI v3 schemas for Kite's kinds: the types, the DSL the built-in schemas are written in,
 * navigation through `$ref`/`allOf` (walk.ts), and strict field validation (strict.ts).
 * The same schema drives strategic merge keys and server-side apply list keys in src/api/patch.
 */
export type { Schema, SchemaSet } from './types.js';
export {
  str, int, int64, num, bool, time, intOrString, quantity, strMap, mapOf, anyObj, obj, arr, set, listMap, ref, enumOf,
  gvkName, META, objectMetaRef, listMetaRef, labelSelectorRef,
} from './dsl.js';
export { resolveSchema, rootSchema, childSchema, itemSchema, listSemantics } from './walk.js';
export type { ListSemantics } from './walk.js';
export { unknownFields, pruneUnknownFields, typeErrors } from './strict.js';
