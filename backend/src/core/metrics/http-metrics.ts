import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Request latency by route template (`/api/leads/:id`, never the raw path, so ids do not make a
 * series each), method and status. Requests that matched no route share the route label `unmatched`.
 */
export function observeHttpLatency(fastify: FastifyInstance, metrics: Metrics): void {
  const latency = metrics.histogram({
    name: 'openhouse_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    latency.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}
