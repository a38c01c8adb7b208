/** A bad flag or config value; the CLI turns it into exit code 2 with this one-line message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly flag: string, message: string) { super(`${flag}: ${message}`); }
}
