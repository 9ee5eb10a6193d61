// Consumer-lag exporter of the local stack: `node out/src/lag-exporter/main.js` in container cdc-lag-exporter,
// scraped by Prometheus. It reads group offsets from the broker directly, so lag keeps growing while the
// consumer itself is partitioned from Kafka (the consumer's own cdc_consumer_lag freezes then: it measures
// through the same cut link). docker-compose.yml runs the upstream kafka_exporter, same metric names.
// GET /metrics: one fresh read of the broker per scrape (503 when Kafka does not answer in SCRAPE_TIMEOUT_MS,
// so Prometheus marks the target down instead of storing stale lag). GET /health: 200 while serving.
import { createServer } from 'node:http';
import { LagCollector } from './collect.js';
import { ExporterConfigError, loadExporterConfig, type ExporterConfig } from './config.js';

function serve(config: ExporterConfig): void {
  const collector = new LagCollector(config);
  let scrape: Promise<string> | null = null; // concurrent scrapes share one read of the broker
  const metricsText = (): Promise<string> =>
    (scrape ??= (async () => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`Kafka did not answer within ${config.scrapeTimeoutMs} ms`)),
          config.scrapeTimeoutMs,
        ).unref(),
      );
      await Promise.race([collector.collect(), timeout]);
      return collector.registry.metrics();
    })().finally(() => (scrape = null)));

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (path !== '/metrics')
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('paths: /metrics, /health\n');
    metricsText().then(
      (text) => res.writeHead(200, { 'content-type': collector.registry.contentType }).end(text),
      (e: Error) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`cannot read offsets: ${e.message}\n`),
    );
  });
  server.listen(config.port, () =>
    process.stdout.write(`lag exporter on :${config.port}, brokers ${config.kafkaBootstrap.join(',')}\n`),
  );
  const stop = () => {
    server.close();
    void collector.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  serve(loadExporterConfig(process.env));
} catch (e) {
  process.stderr.write(`${e instanceof ExporterConfigError ? e.message : String(e)}\n`);
  process.exit(2);
}
