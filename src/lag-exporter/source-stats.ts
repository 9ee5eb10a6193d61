// The source database's own count of row changes, for the alert that tells a stalled pipeline from an idle one
// (CdcPipelineStalled: rows keep changing in PostgreSQL, nothing reaches MongoDB). Read from PostgreSQL itself, so
// it counts whoever writes — the harness's load or the user's own — and needs no k6 output. Names and labels are
// postgres_exporter's (prometheus-community/postgres_exporter, pg_stat_user_tables), so the rule serves this stack
// and a compose deployment running the upstream exporter alike. Served on the lag exporter's /metrics/postgres,
// apart from its Kafka read: a broker that does not answer must not blind this one.
import pg from 'pg';
import { Gauge, Registry } from 'prom-client';

const COLUMNS = ['n_tup_ins', 'n_tup_upd', 'n_tup_del'] as const;

export class SourceStatsCollector {
  readonly registry = new Registry();
  private client: pg.Client | null = null;
  private readonly g: Record<(typeof COLUMNS)[number], Gauge>;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {
    const help = { n_tup_ins: 'inserted', n_tup_upd: 'updated', n_tup_del: 'deleted' };
    this.g = Object.fromEntries(
      COLUMNS.map((c) => [
        c,
        new Gauge({
          name: `pg_stat_user_tables_${c}`,
          help: `Number of rows ${help[c]} (PostgreSQL's cumulative statistics, pg_stat_user_tables)`,
          labelNames: ['datname', 'schemaname', 'relname'],
          registers: [this.registry],
        }),
      ]),
    ) as Record<(typeof COLUMNS)[number], Gauge>;
  }

  /** Refreshes the gauges from pg_stat_user_tables; throws (and drops the connection) when PostgreSQL fails. */
  async collect(): Promise<void> {
    try {
      const c = await this.connected();
      const r = await c.query<{ datname: string; schemaname: string; relname: string } & Record<string, string>>(
        `select current_database() as datname, schemaname, relname, ${COLUMNS.join(', ')} from pg_stat_user_tables`,
      );
      for (const gauge of Object.values(this.g)) gauge.reset();
      for (const row of r.rows) {
        const labels = { datname: row.datname, schemaname: row.schemaname, relname: row.relname };
        for (const col of COLUMNS) this.g[col].set(labels, Number(row[col]));
      }
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      application_name: 'cdc-lag-exporter',
    });
    c.on('error', () => undefined); // a dropped connection surfaces at the next query, which reconnects
    await c.connect();
    this.client = c;
    return c;
  }
}
