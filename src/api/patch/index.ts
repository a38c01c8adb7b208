/**
 * Patching and field ownership, all pure functions over decoded JSON (no I/O, no clock: callers
 * pass `now`). One module per content type:
 * - `application/json-patch+json` → `applyJsonPatch` (RFC 6902)
 * - `application/merge-patch+json` → `applyMergePatch` (RFC 7386)
 * - `application/strategic-merge-patch+json` → `applyStrategicMergePatch` (schema-driven)
 * - `application/apply-patch+yaml` → `serverSideApply`, which also maintains `metadata.managedFields`
 * Every other write records its writer's ownership with `recordUpdate`.
 * Errors are `StatusError`s ready for the client.
 */
export { applyJsonPatch } from './json.js';
export type { JsonPatchOp } from './json.js';
export { applyMergePatch } from './merge.js';
export { applyStrategicMergePatch } from './strategic.js';
export { serverSideApply, recordUpdate } from './apply.js';
export type { ApplyOptions, UpdateOptions } from './apply.js';
