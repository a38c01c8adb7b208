/** CLI-edge errors: a stable code, one line, an optional hint, an exit code (STYLE rule 7). */
export class CliError extends Error {
  constructor(readonly code: `KITE_E_${string}`, message: string, readonly hint?: string, readonly exit = 1) {
    super(message);
  }
}

export function asCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  const err = e as { name?: string; flag?: string; message?: string };
  if (err?.name === 'ConfigError' || err?.flag) return new CliError('KITE_E_CONFIG', err.message ?? String(e), 'run with --help to see the accepted values', 2);
  return new CliError('KITE_E_INTERNAL', err?.message ?? String(e));
}
