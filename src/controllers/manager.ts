/**
 * The controller manager (kube-controller-manager + kube-scheduler in one): while this process holds
 * the `kube-system/kite-controller-manager` Lease, it runs every enabled controller on one set of
 * shared informers, each with its own event recorder. Losing the lease stops them all; a standby
 * control plane then takes over (DESIGN §2, issue 3 scope 1).
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { KubeClient } from '../client/index.js';
import { realClock, type Clock } from './clock.js';
import type { ControllerDeps, RunnableController } from './deps.js';
import { createEventRecorder } from './events.js';
import { runLeaderElection } from './leader.js';
import { createSharedInformers } from './shared-informers.js';

export type ControllerFactory = (d: ControllerDeps) => RunnableController;

export interface ManagedController {
  name: string;
  /** Event source component; default `<name>-controller`. */
  component?: string;
  create: ControllerFactory;
}

export interface ControllerManagerOptions {
  client: KubeClient;
  log: Logger;
  /** Unique per control-plane process (hostname + random). */
  identity: string;
  controllers: ManagedController[];
  clock?: Clock;
  /** Lease timings; defaults as kube-controller-manager (15 s / 10 s / 2 s). */
  lease?: { durationSeconds: number; renewDeadlineSeconds: number; retryPeriodSeconds: number };
}

export async function runControllerManager(o: ControllerManagerOptions, signal: AbortSignal): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log.child({ component: 'controller-manager' });
  await runLeaderElection({
    client: o.client, name: 'kite-controller-manager', identity: o.identity, clock, log,
    leaseDurationSeconds: o.lease?.durationSeconds, renewDeadline: o.lease?.renewDeadlineSeconds, retryPeriod: o.lease?.retryPeriodSeconds,
  }, signal, async (leading) => {
    log.info({ controllers: o.controllers.map((c) => c.name) }, 'leading: starting controllers');
    // Every informer's watch listens on this one signal: dozens of listeners are expected here.
    setMaxListeners(0, leading);
    const informers = createSharedInformers({ client: o.client, log: log.child({ component: 'informers' }), clock });
    const loops: Array<Promise<void>> = [];
    for (const { name, component, create: factory } of o.controllers) {
      const recorder = createEventRecorder({ client: o.client, component: component ?? `${name}-controller`, log, clock });
      loops.push(recorder.run(leading));
      const controller = factory({ client: o.client, informers, log: log.child({ controller: name }), recorder, clock });
      loops.push(controller.run(leading).catch((err: unknown) => {
        if (!leading.aborted) log.error({ err, controller: name }, 'controller stopped with an error');
      }));
    }
    loops.push(informers.run(leading));
    await Promise.all(loops);
    log.info('controllers stopped');
  });
}
