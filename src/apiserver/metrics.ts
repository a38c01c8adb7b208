/** Request metrics in Prometheus text, one registry per server (no global default registry). */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  observe(verb: string, resource: string, code: number, seconds: number): void;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kite_' });
  const total = new Counter({
    name: 'apiserver_request_total', help: 'Counter of apiserver requests broken out by verb, resource and HTTP response code.',
    labelNames: ['verb', 'resource', 'code'], registers: [registry],
  });
  const duration = new Histogram({
    name: 'apiserver_request_duration_seconds', help: 'Response latency distribution in seconds for each verb and resource.',
    labelNames: ['verb', 'resource'], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 5, 10, 30, 60],
  });
  return {
    registry,
    observe(verb, resource, code, seconds) {
      total.inc({ verb, resource, code: String(code) });
      duration.observe({ verb, resource }, seconds);
    },
  };
}
