/** Why a machine could not join, with the exit code the CLI should use (2: fix your input; 1: try again later). */
export class JoinError extends Error {
  override readonly name = 'JoinError';
  constructor(message: string, readonly exit: 1 | 2, readonly hint?: string) { super(message); }
}

export const refusedToken = () => new JoinError(
  'kite agent: the server refused the join token (401): check --token; create one with `kite token create` on a control-plane machine', 2,
);

export const unreachable = (server: string, e: unknown) =>
  new JoinError(`kite agent: cannot reach the server at ${server}: ${(e as Error).message ?? String(e)}`, 1, 'check --server and that `kite server` runs there');
