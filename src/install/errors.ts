/** A failure of an install step: one line, a fix hint, and the exit code (2 = bad config/usage). */
export class InstallError extends Error {
  override readonly name = 'InstallError';
  constructor(readonly code: `KITE_E_${string}`, message: string, readonly hint?: string, readonly exit: 1 | 2 = 1) { super(message); }
}
