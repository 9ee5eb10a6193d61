// Environment of the lag exporter. Same style as the consumer's: every problem reported at once, exit 2.
export interface ExporterConfig {
  kafkaBootstrap: string[];
  port: number;
  /** only topics whose name matches are exported (kafka_exporter's --topic.filter) */
  topicFilter: RegExp;
  /** per-scrape bound on the Kafka requests; a scrape that takes longer answers 503 */
  scrapeTimeoutMs: number;
  /** the source database whose row-change counts /metrics/postgres serves (PG_URL); none: that path answers 404 */
  pgUrl?: string;
}

export class ExporterConfigError extends Error {}

export function loadExporterConfig(env: NodeJS.ProcessEnv): ExporterConfig {
  const problems: string[] = [];
  const kafkaBootstrap = (env.KAFKA_BOOTSTRAP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (kafkaBootstrap.length === 0) problems.push('KAFKA_BOOTSTRAP is required (host:port[,host:port...])');
  for (const b of kafkaBootstrap)
    if (!/^[^\s:/]+:\d{1,5}$/.test(b)) problems.push(`KAFKA_BOOTSTRAP entry ${JSON.stringify(b)} must be host:port`);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${name}=${JSON.stringify(raw)} must be an integer in [${min}, ${max}]`);
    return fallback;
  };
  let topicFilter = /^(?!__)/; // every topic but Kafka's internal ones
  if (env.TOPIC_FILTER) {
    try {
      topicFilter = new RegExp(env.TOPIC_FILTER);
    } catch (e) {
      problems.push(`TOPIC_FILTER is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const pgUrl = env.PG_URL?.trim() || undefined;
  if (pgUrl && !/^postgres(ql)?:\/\/[^\s]+$/.test(pgUrl))
    problems.push(`PG_URL=${JSON.stringify(pgUrl)} must be a postgres:// URL`);
  const config = {
    kafkaBootstrap,
    pgUrl,
    port: int('PORT', 9308, 0, 65535),
    topicFilter,
    scrapeTimeoutMs: int('SCRAPE_TIMEOUT_MS', 900, 50, 60_000),
  };
  if (problems.length > 0) throw new ExporterConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
