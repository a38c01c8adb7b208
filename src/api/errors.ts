/**
 * API-edge errors: a `StatusError` carries the Kubernetes `Status` the client will see.
 * Messages follow apimachinery's `errors.go` so kubectl prints what users know.
 */
import type { FieldError, Status, StatusCause } from './types/index.js';

export interface GroupResource { group: string; resource: string }

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

/** `deployments.apps` or `pods` for the core group. */
export const fmtGR = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

export const notFound = (gr: GroupResource, name: string) =>
  failure(404, 'NotFound', `${fmtGR(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const alreadyExists = (gr: GroupResource, name: string) =>
  failure(409, 'AlreadyExists', `${fmtGR(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });

export const conflict = (gr: GroupResource, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${fmtGR(gr)} "${name}": ${why}`, { name, group: gr.group, kind: gr.resource });

export const applyConflict = (gr: GroupResource, name: string, message: string, causes: StatusCause[]) =>
  failure(409, 'Conflict', message, { name, group: gr.group, kind: gr.resource, causes });

/** 422 with one cause per field error, message as `Kind.group "name" is invalid: field: Reason: detail, ...`. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): StatusError {
  const qualified = group ? `${kind}.${group}` : kind;
  const list = errs.map((e) => `${e.field}: ${e.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return failure(422, 'Invalid', `${qualified} "${name}" is invalid: ${summary}`, {
    name, group, kind, causes: errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
  });
}

/** A path the server does not serve at all (kube-apiserver's generic 404). */
export const noSuchResource = () => failure(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string) => failure(400, 'BadRequest', message);
export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');
export const forbidden = (message: string, gr?: GroupResource, name?: string) =>
  failure(403, 'Forbidden', message, gr ? { name, group: gr.group, kind: gr.resource } : undefined);
export const methodNotAllowed = (message: string) => failure(405, 'MethodNotAllowed', message);
export const notAcceptable = (message: string) => failure(406, 'NotAcceptable', message);
export const gone = (message: string) => failure(410, 'Expired', message);
export const tooLarge = (message: string) => failure(413, 'RequestEntityTooLarge', message);
export const unsupportedMediaType = (message: string) => failure(415, 'UnsupportedMediaType', message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  failure(429, 'TooManyRequests', message, { retryAfterSeconds });
export const internal = (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`);
export const serviceUnavailable = (message: string) => failure(503, 'ServiceUnavailable', message);

/** Field-error constructors; messages match apimachinery's `field.Error.Error()` shape. */
export const fieldErr = {
  required: (field: string, detail = ''): FieldError =>
    ({ type: 'FieldValueRequired', field, message: `Required value${detail ? `: ${detail}` : ''}` }),
  invalid: (field: string, value: unknown, detail: string): FieldError =>
    ({ type: 'FieldValueInvalid', field, message: `Invalid value: ${fmtValue(value)}: ${detail}` }),
  notSupported: (field: string, value: unknown, allowed: string[]): FieldError =>
    ({ type: 'FieldValueNotSupported', field, message: `Unsupported value: ${fmtValue(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}` }),
  duplicate: (field: string, value: unknown): FieldError =>
    ({ type: 'FieldValueDuplicate', field, message: `Duplicate value: ${fmtValue(value)}` }),
  forbidden: (field: string, detail: string): FieldError =>
    ({ type: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` }),
  tooLong: (field: string, max: number): FieldError =>
    ({ type: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` }),
  typeInvalid: (field: string, value: unknown, detail: string): FieldError =>
    ({ type: 'FieldValueTypeInvalid', field, message: `Invalid value: ${fmtValue(value)}: ${detail}` }),
};

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const isStatusError = (e: unknown): e is StatusError => e instanceof StatusError;
