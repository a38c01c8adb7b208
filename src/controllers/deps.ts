/** What every controller factory receives (STYLE rule 14: dependencies passed in, nothing global). */
import type { Logger } from 'pino';
import type { KObject } from '../api/types/index.js';
import type { KubeClient } from '../client/index.js';
import type { Clock } from './clock.js';
import type { SharedInformers } from './shared-informers.js';

/** Records core/v1 Events about an object (what `kubectl describe` shows); never throws, never blocks. */
export interface EventRecorder {
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface ControllerDeps {
  client: KubeClient;
  informers: SharedInformers;
  log: Logger;
  recorder: EventRecorder;
  clock: Clock;
}

/** A running controller: resolves once all of its loops have stopped after the signal aborted. */
export interface RunnableController {
  run(signal: AbortSignal): Promise<void>;
}
