// GET /health: 200 only when both Kafka and MongoDB are connected, else 503 with the reasons as JSON.
// GET /metrics: Prometheus text format.
import { createServer, type Server } from 'node:http';
import type { ConnectionState } from './health.js';
import type { Metrics } from './metrics.js';

export function createHttpServer(state: ConnectionState, metrics: Metrics): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health') {
      const h = state.health();
      res
        .writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: h.ok ? 'ok' : 'unavailable', ...h }));
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message),
      );
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'not found', paths: ['/health', '/metrics'] }));
  });
}
