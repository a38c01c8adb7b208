/** The first SIGINT/SIGTERM aborts the root signal (graceful stop); a second one exits at once (STYLE rule 12). */
import { setMaxListeners } from 'node:events';
export function rootSignal(): { signal: AbortSignal; requestShutdown: (err?: Error) => void } {
  const ac = new AbortController();
  // Every long-running component of the process stops on this one signal: many listeners are expected.
  setMaxListeners(0, ac.signal);
  let n = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    n += 1;
    if (n === 1) ac.abort(new Error(sig));
    else process.exit(1);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { signal: ac.signal, requestShutdown: (err) => ac.abort(err) };
}
