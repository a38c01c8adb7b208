/**
 * CRI failures as one typed error. Codes are the gRPC status names, so the fake (which has no
 * gRPC) and the real client raise identical errors and callers branch on `code`, never on text.
 */

const CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

export type CriErrorCode = (typeof CODE_NAMES)[number];

export class CriError extends Error {
  override readonly name = 'CriError';
  constructor(
    /** gRPC status name, e.g. `NOT_FOUND`. */
    readonly code: CriErrorCode,
    /** The runtime's own message (gRPC `details`). */
    readonly details: string,
    /** The RPC, e.g. `ContainerStatus`; '' when raised outside an RPC. */
    readonly method = '',
  ) {
    super(`${method ? `${method}: ` : ''}${code}: ${details}`);
  }
}

/** Maps a numeric gRPC status (as grpc-js reports it) to a CriError. */
export function criErrorFromGrpc(method: string, e: { code?: number; details?: string; message?: string }): CriError {
  const code = CODE_NAMES[e.code ?? 2] ?? 'UNKNOWN';
  return new CriError(code, e.details ?? e.message ?? 'unknown error', method);
}

export const isNotFound = (e: unknown): boolean => e instanceof CriError && e.code === 'NOT_FOUND';
