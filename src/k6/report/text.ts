// The end-of-run text on stdout: the verdict first (which thresholds failed, by name), then the
// integrity counts, load, recovery and latency, then every metric. A pure function of k6's
// summary data, so it reads the same on k6 and on cdc-chaos run.

import { instanceLabel } from '../../experiment/instance.js';
import type { ScenarioSpec } from '../../experiment/scenario.js';
import { thresholdResults, type MetricSummary, type SummaryData } from './summary-data.js';

export interface ReportContext {
  scenario: ScenarioSpec;
  scale: number;
  delivery: string;
}

function num(v: number | undefined, time = false): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (time) return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(v < 10 ? 2 : 0)}ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

function count(data: SummaryData, name: string): number {
  return data.metrics[name]?.values.count ?? 0;
}

function trendLine(m: MetricSummary | undefined): string {
  if (!m) return 'no samples';
  const t = m.contains === 'time';
  return ['avg', 'med', 'p(95)', 'max'].map((k) => `${k}=${num(m.values[k], t)}`).join(' ');
}

function values(m: MetricSummary): string {
  const t = m.contains === 'time';
  if (m.type === 'counter') return `count=${num(m.values.count)} rate=${num(m.values.rate)}/s`;
  if (m.type === 'rate')
    return `rate=${num(m.values.rate)} (${num(m.values.passes)} of ${num((m.values.passes ?? 0) + (m.values.fails ?? 0))})`;
  if (m.type === 'gauge') return `value=${num(m.values.value)} min=${num(m.values.min)} max=${num(m.values.max)}`;
  return Object.keys(m.values)
    .map((k) => `${k}=${num(m.values[k], t)}`)
    .join(' ');
}

export function textSummary(data: SummaryData, ctx: ReportContext): string {
  const setup = data.setup_data ?? {};
  const results = thresholdResults(data);
  const failed = results.filter((r) => !r.ok);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `cdc-chaos  ${ctx.scenario.name} (${ctx.scenario.id})  run ${setup.runId ?? '-'}  seed ${setup.seed ?? '-'}  scale ${ctx.scale}  delivery ${ctx.delivery}`,
  );
  const me = setup.instance;
  if (me && me.count > 1)
    lines.push(
      me.verifier
        ? `  instance ${instanceLabel(me)} (segment ${me.segment}): load share, fault plan, probes and the run's verification`
        : `  instance ${instanceLabel(me)} (segment ${me.segment}): load share only — the fault plan, probes and verdict are the verifying instance's; these thresholds judge this share's load`,
    );
  lines.push(
    failed.length === 0
      ? `  VERDICT: PASS — all ${results.length} thresholds passed`
      : `  VERDICT: FAIL — ${failed.length} of ${results.length} thresholds failed: ${failed.map((f) => `${f.metric} ${f.expression}`).join(', ')}`,
  );
  lines.push('');
  lines.push('  thresholds');
  for (const r of results)
    lines.push(
      `    ${r.ok ? '✓' : '✗'} ${r.metric} ${r.expression}   observed ${num(r.observed, data.metrics[r.metric]?.contains === 'time')}`,
    );
  lines.push('');
  lines.push(
    `  integrity   verified keys ${count(data, 'cdc_rows_verified')}: lost ${count(data, 'cdc_lost')} · stale ${count(data, 'cdc_stale')} · resurrected ${count(data, 'cdc_resurrected')} · phantom ${count(data, 'cdc_phantom')} · duplicated ${count(data, 'cdc_duplicates')} · out of order ${count(data, 'cdc_out_of_order')} · redeliveries ${count(data, 'cdc_redeliveries')}`,
  );
  lines.push(
    `  load        writes ok ${count(data, 'cdc_writes')} · success rate ${num(data.metrics.cdc_success_rate?.values.rate)} · unknown outcomes ${count(data, 'cdc_write_unknown')}`,
  );
  lines.push(
    `  recovery    ${trendLine(data.metrics.chaos_recovery_time)}   detect ${trendLine(data.metrics.chaos_detect_time)}`,
  );
  lines.push(
    `  e2e latency ${trendLine(data.metrics.cdc_e2e_latency)}   convergence ${trendLine(data.metrics.cdc_convergence_time)}`,
  );
  lines.push('');
  lines.push('  metrics');
  for (const name of Object.keys(data.metrics).sort())
    lines.push(`    ${name} (${data.metrics[name].type}) ${values(data.metrics[name])}`);
  lines.push('');
  return lines.join('\n');
}
