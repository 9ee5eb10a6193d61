// Consumer-lag exporter of the local stack: `node out/src/lag-exporter/main.js` in container cdc-lag-exporter,
// scraped by Prometheus. It reads group offsets from the broker directly, so lag keeps growing while the
// consumer itself is partitioned from Kafka (the consumer's own cdc_consumer_lag freezes then: it measures
// through the same cut link). docker-compose.yml runs the upstream kafka_exporter, same metric names.
// GET /metrics: one fresh read of the broker per scrape (503 when Kafka does not answer in SCRAPE_TIMEOUT_MS,
// so Prometheus marks the target down instead of storing stale lag). GET /metrics/postgres (with PG_URL): the
// source tables' row-change counts (source-stats.ts), likewise. GET /health: 200 while serving.
import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { LagCollector } from './collect.js';
import { SourceStatsCollector } from './source-stats.js';
import { ExporterConfigError, loadExporterConfig, type ExporterConfig } from './config.js';

/** One read per scrape, shared by concurrent scrapes, bounded by the scrape timeout. */
function scraper(collect: () => Promise<void>, registry: Registry, what: string, timeoutMs: number) {
  let scrape: Promise<string> | null = null;
  return (): Promise<string> =>
    (scrape ??= (async () => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      );
      await Promise.race([collect(), timeout]);
      return registry.metrics();
    })().finally(() => (scrape = null)));
}

function serve(config: ExporterConfig): void {
  const collector = new LagCollector(config);
  const source = config.pgUrl ? new SourceStatsCollector(config.pgUrl, config.scrapeTimeoutMs) : null;
  const paths: Record<string, { text: () => Promise<string>; registry: Registry; fail: string }> = {
    '/metrics': {
      text: scraper(() => collector.collect(), collector.registry, 'Kafka', config.scrapeTimeoutMs),
      registry: collector.registry,
      fail: 'cannot read offsets',
    },
  };
  if (source)
    paths['/metrics/postgres'] = {
      text: scraper(() => source.collect(), source.registry, 'PostgreSQL', config.scrapeTimeoutMs),
      registry: source.registry,
      fail: 'cannot read pg_stat_user_tables',
    };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    const served = paths[path];
    if (!served)
      return void res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`paths: ${[...Object.keys(paths), '/health'].join(', ')}\n`);
    served.text().then(
      (text) => res.writeHead(200, { 'content-type': served.registry.contentType }).end(text),
      (e: Error) => res.writeHead(503, { 'content-type': 'text/plain' }).end(`${served.fail}: ${e.message}\n`),
    );
  });
  server.listen(config.port, () =>
    process.stdout.write(`lag exporter on :${config.port}, brokers ${config.kafkaBootstrap.join(',')}\n`),
  );
  const stop = () => {
    server.close();
    void Promise.all([collector.close(), source?.close()]).finally(() => process.exit(0));
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
