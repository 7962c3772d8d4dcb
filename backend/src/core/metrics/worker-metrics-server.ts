import { createServer, Server } from 'node:http';
import { Metrics } from './metrics';
import { metricsTokenMatches } from './metrics-token';

/**
 * A worker's own /metrics, on WORKER_METRICS_PORT, for Prometheus to scrape each worker process
 * directly (what workers measure — agent turns they run, jobs they process — lives in their memory,
 * not the API's; summing across processes is Prometheus' job). Plain node:http because a worker has
 * no web framework and needs one read-only route; same token and format as the API's GET /metrics.
 */
export function serveWorkerMetrics(metrics: Metrics, token: string, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const json = (status: number, code: string, title: string) => {
        res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status, code, title }));
      };
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return json(404, 'not_found', 'Only GET /metrics is served here');
      if (!metricsTokenMatches(req.headers.authorization, token)) return json(401, 'metrics_token_required', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}
