/**
 * CustomResourceDefinitions, served at run time.
 *
 * `startCrdController` watches apiextensions.k8s.io/v1 CRDs and, for each one, registers a
 * ResourceDef per served version in the Registry (owned by the CRD's name), so discovery, routing,
 * Tables and OpenAPI pick it up at once. It writes the CRD's status the way `kubectl wait
 * --for condition=established` expects, and on deletion removes the custom objects.
 *
 * - defs.ts        CRD → ResourceDefs + OpenAPI components (schema.ts, columns.ts + jsonpath.ts)
 * - validation.ts  structural-schema validation with ajv (ajv-schema.ts adapts the schema)
 * - defaulting.ts  pruning and `default`s
 * - status.ts      name conflicts and conditions; reconcile.ts applies them; controller.ts loops
 *
 * Readiness: `startCrdController` returns `{ synced, done }`. Await `synced` before reporting the
 * server ready (the CRDs stored at start are then served); await `done` on shutdown.
 */
export { startCrdController } from './controller.js';
export type { CrdController, CrdControllerDeps } from './controller.js';
export { buildCrdServing } from './defs.js';
export type { CrdServing } from './defs.js';
export type { Crd } from './types.js';
