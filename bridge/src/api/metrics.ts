import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The bridge's Prometheus metrics, in a registry of its own so that several apps in one process stay apart. */
export interface ApiMetrics {
  registry: Registry;
  /** Requests by method, route template (never the raw path, to bound cardinality) and status. */
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  /** Bearer token checks by outcome: `valid`, or the error code that refused the token. */
  tokenVerifications: Counter<'outcome'>;
}

/** Creates the registry with Node's process metrics and the bridge's own. */
export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'keyward_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'keyward_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route template.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    tokenVerifications: new Counter({
      name: 'keyward_token_verifications_total',
      help: 'Bearer token checks, by outcome (valid, or the error code that refused the token).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
