// Grafana dashboards for the remote-write stream (k6 names, docs: k6-semantics §8) plus the
// consumer's scraped metrics: an overview with a scenario picker, and one dashboard per scenario
// whose rows follow the scenario's phases (each phase row shows the pipeline only while
// k6_chaos_phase has that phase's index). Fault windows are annotations from k6_chaos_fault_active.
// Pure: dashboards/generate.mjs writes the JSON files; test/unit/dashboards.test.ts checks they
// are current and test/integration/dashboards.test.ts runs every query against Prometheus.

import { formatDuration } from '../experiment/duration.js';
import type { ScenarioSpec } from '../experiment/scenario.js';

/** The datasource uid docker-compose.yml's cdc-grafana provisions (dashboards/provisioning/datasources/prometheus.yml). */
export const PROVISIONED_DATASOURCE_UID = 'cdc-prometheus';
/** Every query's datasource: the dashboard's `datasource` variable, so the files import into any Grafana. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Picks a Prometheus datasource; defaults to the provisioned one, which Grafana replaces by its default
 *  Prometheus datasource where no such uid exists. */
const DATASOURCE_VARIABLE = {
  name: 'datasource',
  label: 'Prometheus',
  type: 'datasource',
  query: 'prometheus',
  regex: '',
  hide: 0,
  refresh: 1,
  includeAll: false,
  multi: false,
  options: [],
  current: { text: 'Prometheus (cdc-chaos)', value: PROVISIONED_DATASOURCE_UID },
};
/** Rate windows: ≥ 3 remote-write pushes at K6_PROMETHEUS_RW_PUSH_INTERVAL ≤ 5s. */
const WINDOW = '15s';

export interface Target {
  refId: string;
  expr: string;
  legendFormat: string;
  datasource: typeof DATASOURCE;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: typeof DATASOURCE;
  targets?: Target[];
  fieldConfig?: unknown;
  options?: unknown;
  collapsed?: boolean;
  panels?: Panel[];
}

export interface Annotation {
  name: string;
  datasource: typeof DATASOURCE;
  enable: boolean;
  iconColor: string;
  expr: string;
  step: string;
  titleFormat: string;
  tagKeys: string;
  useValueForTime: boolean;
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  schemaVersion: number;
  editable: boolean;
  time: { from: string; to: string };
  refresh: string;
  templating: { list: unknown[] };
  annotations: { list: Annotation[] };
  panels: Panel[];
}

type Unit = 'short' | 'reqps' | 's' | 'percentunit' | 'bytes' | 'none';

interface PanelSpec {
  title: string;
  description: string;
  type?: 'timeseries' | 'stat' | 'state-timeline';
  unit?: Unit;
  w?: number;
  targets: [string, string][];
  mappings?: unknown[];
}

class Layout {
  private nextId = 1;
  private x = 0;
  private y = 0;
  private lastH = 0;
  readonly panels: Panel[] = [];

  row(title: string): void {
    if (this.x > 0) this.newLine();
    this.panels.push({
      id: this.nextId++,
      type: 'row',
      title,
      collapsed: false,
      gridPos: { x: 0, y: this.y, w: 24, h: 1 },
      panels: [],
    });
    this.y += 1;
  }

  add(p: PanelSpec): void {
    const w = p.w ?? 8;
    const h = p.type === 'stat' ? 4 : 8;
    if (this.x + w > 24) this.newLine();
    const type = p.type ?? 'timeseries';
    this.panels.push({
      id: this.nextId++,
      type,
      title: p.title,
      description: p.description,
      gridPos: { x: this.x, y: this.y, w, h },
      datasource: DATASOURCE,
      targets: p.targets.map(([expr, legendFormat], i) => ({
        refId: String.fromCharCode(65 + i),
        expr,
        legendFormat,
        datasource: DATASOURCE,
      })),
      fieldConfig: {
        defaults: { unit: p.unit ?? 'short', ...(p.mappings ? { mappings: p.mappings } : {}) },
        overrides: [],
      },
      options:
        type === 'stat'
          ? {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              colorMode: 'value',
              graphMode: 'none',
            }
          : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    });
    this.x += w;
    this.lastH = Math.max(this.lastH, h);
  }

  private newLine(): void {
    this.y += this.lastH;
    this.x = 0;
    this.lastH = 0;
  }
}

/** `{cdc_scenario="id"}` or the overview's variable. */
function sel(scenario: string | null, extra = ''): string {
  const s = scenario === null ? 'cdc_scenario=~"$scenario"' : `cdc_scenario="${scenario}"`;
  return `{${s}${extra ? `,${extra}` : ''}}`;
}

function phaseMappings(s: ScenarioSpec | null): unknown[] | undefined {
  if (!s) return undefined;
  const options: Record<string, { text: string; index: number }> = {};
  s.phases.forEach((p, i) => (options[String(i + 1)] = { text: p.name, index: i }));
  options[String(s.phases.length + 1)] = { text: 'verification', index: s.phases.length };
  return [{ type: 'value', options }];
}

function overviewRows(l: Layout, scenario: ScenarioSpec | null): void {
  const S = sel(scenario ? scenario.id : null);
  runRow(l, S, scenario);
  loadRow(l, S);
  pipelineRow(l, S);
  integrityRow(l, S);
}

/** Phases, fault windows and firing alerts; `S` is the scenario selector. */
function runRow(l: Layout, S: string, scenario: ScenarioSpec | null): void {
  l.row('Run: phases, faults, alerts');
  l.add({
    title: 'Phase',
    description:
      'k6_chaos_phase: index of the running phase (the chaos VU sets it at each boundary; last = verification).',
    type: 'state-timeline',
    w: 8,
    targets: [[`max(k6_chaos_phase${S})`, 'phase']],
    mappings: phaseMappings(scenario),
  });
  l.add({
    title: 'Fault windows',
    description: 'k6_chaos_fault_active{action,target}: 1 while a fault is injected.',
    type: 'state-timeline',
    w: 8,
    targets: [[`max by (action, target) (k6_chaos_fault_active${S})`, '{{action}} {{target}}']],
  });
  l.add({
    title: 'Alerts firing',
    description: "Prometheus' own ALERTS series (0 when none fires).",
    w: 8,
    targets: [['count(ALERTS{alertstate="firing"}) or vector(0)', 'firing alerts']],
  });
}

/** The load scenario's writes, success rate, write duration and VUs. */
function loadRow(l: Layout, S: string): void {
  l.row('Load (k6)');
  l.add({
    title: 'Writes/s',
    description: 'k6_cdc_writes_total: committed writes of the load scenario by operation.',
    unit: 'reqps',
    targets: [[`sum by (op) (rate(k6_cdc_writes_total${S}[${WINDOW}]))`, '{{op}}']],
  });
  l.add({
    title: 'Write success rate',
    description:
      'k6_cdc_success_rate_rate: cumulative share of writes whose outcome was ok (threshold: > 1 − error rate).',
    unit: 'percentunit',
    targets: [[`min(k6_cdc_success_rate_rate${S})`, 'success rate']],
  });
  l.add({
    title: 'Write duration p99',
    description: 'k6_cdc_write_duration_p99 (seconds; K6_PROMETHEUS_RW_TREND_STATS default is p(99)).',
    unit: 's',
    targets: [[`max(k6_cdc_write_duration_p99${S})`, 'p99']],
  });
  l.add({ title: 'VUs', description: 'k6_vus.', targets: [[`sum(k6_vus${S})`, 'VUs']] });
}

/** Consumer throughput, lag, end-to-end latency, connectivity and the replication slot. */
function pipelineRow(l: Layout, S: string): void {
  l.row('Pipeline');
  l.add({
    title: 'Consumer applied/s',
    description: 'cdc_events_processed_total (scraped from the consumer).',
    unit: 'reqps',
    targets: [[`sum(rate(cdc_events_processed_total[${WINDOW}]))`, 'applied/s']],
  });
  l.add({
    title: 'Consumer lag',
    description: `${BROKER_LAG} (the broker's view, from the lag exporter) by topic; the consumer's own cdc_consumer_lag, which freezes while its link to Kafka is cut; and the harness probe's k6_cdc_consumer_lag.`,
    targets: [
      [`sum by (topic) (${BROKER_LAG})`, '{{topic}} (broker)'],
      ['sum(cdc_consumer_lag)', 'consumer gauge'],
      [`max(k6_cdc_consumer_lag${S})`, 'probe'],
    ],
  });
  l.add({
    title: 'End-to-end latency',
    description: 'Canary commit → visible in MongoDB (k6_cdc_e2e_latency_p99, seconds) and the consumer histogram p95.',
    unit: 's',
    targets: [
      [`max(k6_cdc_e2e_latency_p99${S})`, 'canary p99 (k6)'],
      [`histogram_quantile(0.95, sum by (le) (rate(cdc_e2e_latency_seconds_bucket[${WINDOW}])))`, 'consumer p95'],
    ],
  });
  l.add({
    title: 'Connectivity',
    description:
      'Consumer scrape (up), its Kafka and MongoDB connections, and the Debezium connector state seen by the probe.',
    targets: [
      ['max(up{job="cdc-consumer"})', 'consumer up'],
      ['max(cdc_kafka_connected)', 'kafka connected'],
      ['max(cdc_mongo_connected)', 'mongo connected'],
      [`min(k6_cdc_connector_running${S})`, 'connector running'],
    ],
  });
  l.add({
    title: 'Replication slot lag',
    description: 'k6_cdc_slot_lag_bytes: WAL not yet confirmed by Debezium.',
    unit: 'bytes',
    targets: [[`max(k6_cdc_slot_lag_bytes${S})`, 'slot lag']],
  });
  l.add({
    title: 'Canary e2e success',
    description: 'chaos_resilience_rate: share of canaries visible in MongoDB within the timeout.',
    unit: 'percentunit',
    targets: [[`min(k6_chaos_resilience_rate_rate${S})`, 'resilience']],
  });
}

/** Verification's verdicts and the recovery measures, filled once the run ends. */
function integrityRow(l: Layout, S: string): void {
  l.row('Integrity and recovery (after verification)');
  l.add({
    title: 'Integrity violations',
    description:
      'Keys classified by verification (PostgreSQL is the truth); order violations by the probe. All must be 0.',
    type: 'stat',
    w: 12,
    targets: [
      [`sum(k6_cdc_lost_total${S})`, 'lost'],
      [`sum(k6_cdc_stale_total${S})`, 'stale'],
      [`sum(k6_cdc_resurrected_total${S})`, 'resurrected'],
      [`sum(k6_cdc_phantom_total${S})`, 'phantom'],
      [`sum(k6_cdc_duplicates_total${S})`, 'duplicated'],
      [`sum(k6_cdc_out_of_order_total${S}) or vector(0)`, 'out of order'],
    ],
  });
  l.add({
    title: 'Keys verified',
    description: 'k6_cdc_rows_verified_total.',
    type: 'stat',
    w: 4,
    targets: [[`sum(k6_cdc_rows_verified_total${S})`, 'keys']],
  });
  l.add({
    title: 'Recovery time p99',
    description: 'Heal → first canary visible in MongoDB (k6_chaos_recovery_time_p99).',
    type: 'stat',
    unit: 's',
    w: 4,
    targets: [[`max(k6_chaos_recovery_time_p99${S})`, 'recovery p99']],
  });
  l.add({
    title: 'Baseline quiet',
    description: 'k6_chaos_baseline_quiet_rate: 1 = no alert fired in the baseline phase.',
    type: 'stat',
    unit: 'percentunit',
    w: 4,
    targets: [[`min(k6_chaos_baseline_quiet_rate${S})`, 'baseline quiet']],
  });
}

/** Consumer-group lag as the broker sees it (kafka_exporter's series; cdc-lag-exporter in the local stack). */
const BROKER_LAG = 'kafka_consumergroup_lag{consumergroup="cdc-consumer"}';

function phaseRows(l: Layout, s: ScenarioSpec): void {
  const S = sel(s.id);
  s.phases.forEach((p, i) => {
    // An instant phase (0 s: a kill, a restart) has no window to chart: it is a fault annotation.
    if (p.durationMs === 0) return;
    const during = `and on() (max(k6_chaos_phase${S}) == ${i + 1})`;
    const faults = p.actions.map((a) => `${a.type} ${a.target}`).join(', ');
    l.row(`Phase ${i + 1}: ${p.name} (${formatDuration(p.durationMs)} at time scale 1)${faults ? ` — ${faults}` : ''}`);
    l.add({
      title: `Writes vs applied/s — ${p.name}`,
      description: `${p.description ?? p.name}: PostgreSQL writes (k6) against consumer applies, only while phase ${i + 1} runs.`,
      unit: 'reqps',
      targets: [
        [`sum(rate(k6_cdc_writes_total${S}[${WINDOW}])) ${during}`, 'writes/s'],
        [`sum(rate(cdc_events_processed_total[${WINDOW}])) ${during}`, 'applied/s'],
      ],
    });
    l.add({
      title: `Consumer lag — ${p.name}`,
      description: `${BROKER_LAG} (the broker's view) while phase ${i + 1} runs.`,
      targets: [[`sum(${BROKER_LAG}) ${during}`, 'lag']],
    });
    l.add({
      title: `E2E latency p99 — ${p.name}`,
      description: `k6_cdc_e2e_latency_p99 (cumulative since the start) while phase ${i + 1} runs.`,
      unit: 's',
      targets: [[`max(k6_cdc_e2e_latency_p99${S}) ${during}`, 'canary p99']],
    });
  });
}

function annotations(scenario: string | null): Annotation[] {
  return [
    {
      name: 'Fault windows',
      datasource: DATASOURCE,
      enable: true,
      iconColor: 'rgba(207, 34, 46, 0.35)',
      expr: `max by (action, target) (k6_chaos_fault_active${sel(scenario)}) == 1`,
      step: '1s',
      titleFormat: '{{action}} {{target}}',
      tagKeys: 'action,target',
      useValueForTime: false,
    },
  ];
}

function dashboard(
  uid: string,
  title: string,
  description: string,
  panels: Panel[],
  scenario: string | null,
): Dashboard {
  return {
    uid,
    title,
    description,
    tags: ['cdc-chaos', 'k6'],
    schemaVersion: 39,
    editable: true,
    time: { from: 'now-30m', to: 'now' },
    refresh: '5s',
    templating: {
      list: [
        DATASOURCE_VARIABLE,
        ...(scenario === null
          ? [
              {
                name: 'scenario',
                label: 'scenario',
                type: 'query',
                datasource: DATASOURCE,
                query: { query: 'label_values(k6_chaos_phase, cdc_scenario)', refId: 'scenario' },
                definition: 'label_values(k6_chaos_phase, cdc_scenario)',
                refresh: 2,
                includeAll: true,
                multi: true,
                current: {},
              },
            ]
          : []),
      ],
    },
    annotations: { list: annotations(scenario) },
    panels,
  };
}

const HOW =
  'Run k6 (or cdc-chaos run) with -o experimental-prometheus-rw and K6_PROMETHEUS_RW_SERVER_URL=http://<prometheus>/api/v1/write.';

export function overviewDashboard(): Dashboard {
  const l = new Layout();
  overviewRows(l, null);
  return dashboard(
    'cdc-chaos-overview',
    'cdc-chaos — overview',
    `Every chaos experiment: k6 metrics, pipeline metrics, fault windows. ${HOW}`,
    l.panels,
    null,
  );
}

export function scenarioDashboard(s: ScenarioSpec): Dashboard {
  const l = new Layout();
  overviewRows(l, s);
  phaseRows(l, s);
  return dashboard(
    `cdc-chaos-${s.id}`.slice(0, 40),
    `cdc-chaos — ${s.name}`,
    `${s.description ?? s.name} (scenarios/${s.id}.yml): one row per phase. ${HOW}`,
    l.panels,
    s.id,
  );
}

/** File name → dashboard, for dashboards/. */
export function dashboardFiles(scenarios: ScenarioSpec[]): Record<string, Dashboard> {
  const out: Record<string, Dashboard> = { 'cdc-chaos-overview.json': overviewDashboard() };
  for (const s of scenarios) out[`cdc-chaos-${s.id}.json`] = scenarioDashboard(s);
  return out;
}

/** Every PromQL query of a dashboard (panel targets and annotations), for the query test. */
export function dashboardQueries(d: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of d.panels)
    for (const t of p.targets ?? []) out.push({ where: `${d.uid} / ${p.title} / ${t.legendFormat}`, expr: t.expr });
  for (const a of d.annotations.list) out.push({ where: `${d.uid} / annotation ${a.name}`, expr: a.expr });
  return out;
}
