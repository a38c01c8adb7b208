/**
 * Admission: checks that run on writes after defaulting and validation and before storage, as
 * pure functions over what the handler has already read (upstream's validating admission
 * plugins). The handlers do the I/O: read the inputs, write what a plugin charges, map refusals
 * to `Status` errors.
 * - `quota.ts` — ResourceQuota on create: refuse what would exceed `status.hard`, else charge `status.used`.
 */
export { checkQuota, quotaForbidden } from './quota.js';
export type { QuotaDecision } from './quota.js';
