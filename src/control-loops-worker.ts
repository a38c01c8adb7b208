/** Entry point of the control-loops worker thread (see control-loops.ts): runs until told 'stop'. */
import { parentPort, workerData } from 'node:worker_threads';
import { runControlLoopsHere, type ControlLoopsWorkerData } from './control-loops.js';
import { createLogger } from './logging.js';

const data = workerData as ControlLoopsWorkerData;
const life = new AbortController();
parentPort?.on('message', (m) => { if (m === 'stop') life.abort(); });
const log = createLogger(data.cfg.log);
runControlLoopsHere({ ...data, log }, life.signal)
  .catch((e: unknown) => log.error({ err: e }, 'controller manager failed'))
  // The port keeps the thread alive; close it once the loops are done so the thread exits.
  .finally(() => parentPort?.close());
