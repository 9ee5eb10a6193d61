// Every Grafana panel query is proven against real data: a scenario runs on the local stack with
// `-o experimental-prometheus-rw` into the stack's Prometheus, then each PromQL query of the
// overview and of that scenario's dashboard goes to /api/v1/query_range over the run and must
// succeed AND return data. k6 series are narrowed to this run's testid (so an older run cannot
// stand in for this one). Dashboards of scenarios not run here must at least be valid PromQL.
// DASHBOARD_SCENARIOS=id,id runs more scenarios (default: mongodb-failure).
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries, overviewDashboard, scenarioDashboard } from '../../src/dashboards/grafana.js';
import { runBundle, stackEnv, type RunResult } from '../e2e/run-bundle.js';
import { scenario } from '../unit/report-fixtures.js';

const BUNDLES: Record<string, string> = {
  'mongodb-failure': 'dist/chaos-mongodb.js',
  'chaos-resilience': 'dist/chaos-resilience.js',
};
const bundleOf = (id: string): string => BUNDLES[id] ?? `dist/chaos-${id}.js`;
const RUN = (process.env.DASHBOARD_SCENARIOS ?? 'mongodb-failure')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const ALL = readdirSync(new URL('../../scenarios', import.meta.url))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.replace(/\.yml$/, ''));

interface Range {
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
}

async function queryRange(prom: string, expr: string, startMs: number, endMs: number): Promise<Range> {
  const params = new URLSearchParams({
    query: expr,
    start: String(startMs / 1000),
    end: String(endMs / 1000),
    step: '1',
  });
  const r = await fetch(`${prom}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(30_000) });
  return (await r.json()) as Range;
}

/** The dashboard's query for one run: the scenario variable resolved, k6 series narrowed to the testid. */
function forRun(expr: string, id: string, testid: string): string {
  return expr
    .replace(/cdc_scenario=~"\$scenario"/g, `cdc_scenario="${id}"`)
    .replace(new RegExp(`cdc_scenario="${id}"`, 'g'), `cdc_scenario="${id}",testid="${testid}"`);
}

describe("dashboard queries against the stack's Prometheus after a run", () => {
  const prom = stackEnv().PROMETHEUS_URL;
  const runs: Record<string, { run: RunResult; testid: string }> = {};

  beforeAll(async () => {
    for (const id of RUN) {
      const testid = `dash-${id}-${Date.now().toString(36)}`;
      const run = await runBundle(
        bundleOf(id),
        [
          '-o',
          'experimental-prometheus-rw',
          '--tag',
          `testid=${testid}`,
          // --tag replaces the script's test-wide tags (k6's consolidation), cdc_scenario among them
          '--tag',
          `cdc_scenario=${id}`,
          '-e',
          'CHAOS_TIME_SCALE=0.1',
          '-e',
          `CHAOS_REPORT_DIR=${process.env.TMPDIR ?? '/tmp'}/cdc-chaos-dash-${testid}`,
        ],
        {
          K6_PROMETHEUS_RW_SERVER_URL: `${prom}/api/v1/write`,
          K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
        },
        840_000,
      );
      expect([0, 99], `${id} must end with a verdict:\n${run.output.slice(-3000)}`).toContain(run.code);
      runs[id] = { run, testid };
    }
    // Rules and range ends: let the last pushes and scrapes land.
    await new Promise((r) => setTimeout(r, 3000));
  });

  for (const id of RUN) {
    it(`every panel and annotation query of the overview and of ${id} returns data for the run`, async () => {
      const { run, testid } = runs[id];
      const failures: string[] = [];
      for (const d of [overviewDashboard(), scenarioDashboard(scenario(id))]) {
        for (const q of dashboardQueries(d)) {
          const expr = forRun(q.expr, id, testid);
          const res = await queryRange(prom, expr, run.startedMs, run.endedMs + 2000);
          if (res.status !== 'success') failures.push(`${q.where}: ERROR ${res.error}\n    ${expr}`);
          else if ((res.data?.result ?? []).length === 0) failures.push(`${q.where}: NO DATA\n    ${expr}`);
        }
      }
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  it('the dashboards of the scenarios not run here are valid PromQL', async () => {
    const errors: string[] = [];
    const now = Date.now();
    for (const id of ALL.filter((x) => RUN.indexOf(x) < 0)) {
      for (const q of dashboardQueries(scenarioDashboard(scenario(id)))) {
        const res = await queryRange(prom, q.expr, now - 60_000, now);
        if (res.status !== 'success') errors.push(`${q.where}: ${res.error}`);
      }
    }
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
