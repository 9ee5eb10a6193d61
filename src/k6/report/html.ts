// The per-run HTML report: one self-contained page (inline CSS and SVG, no script, nothing
// fetched) that tells the run as a story — verdict first, then the timeline chart, integrity,
// recovery per fault, alerts, validation rules, latency and every threshold. A pure function of
// k6's summary data, the run context, the probe/verification records and the run's history (the
// faults' actual times), so its numbers are the summary's numbers.

import { planFaults } from '../../experiment/fault-plan.js';
import { actualFaults, faultTimes, type FaultTimes, type HistoryEvent } from '../../experiment/history.js';
import type { FaultTiming } from '../../experiment/recovery.js';
import { planRules } from '../../experiment/thresholds.js';
import { timelineChart } from './chart.js';
import { esc, fmtOffset, fmtValue } from './markup.js';
import { onIntervals, type RunRecord } from './run-record.js';
import { thresholdResults, type SummaryData } from './summary-data.js';
import type { ReportContext } from './text.js';

/** Integrity rows: label, summary counter, verdict key in the verification record. */
export const INTEGRITY_ROWS: {
  label: string;
  metric: string;
  verdict: 'lost' | 'stale' | 'resurrected' | 'phantom' | 'duplicated' | null;
}[] = [
  { label: 'lost', metric: 'cdc_lost', verdict: 'lost' },
  { label: 'stale', metric: 'cdc_stale', verdict: 'stale' },
  { label: 'resurrected', metric: 'cdc_resurrected', verdict: 'resurrected' },
  { label: 'phantom', metric: 'cdc_phantom', verdict: 'phantom' },
  { label: 'duplicated', metric: 'cdc_duplicates', verdict: 'duplicated' },
  { label: 'out of order', metric: 'cdc_out_of_order', verdict: null },
  { label: 'redeliveries', metric: 'cdc_redeliveries', verdict: null },
];

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:1240px;margin:0 auto;padding:20px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#59636e}.meta b{color:#1f2328;font-weight:600}
.verdict{border-radius:8px;padding:14px 18px;margin:14px 0;color:#fff}
.verdict.pass{background:#1a7f37}.verdict.fail{background:#cf222e}
.verdict .big{font-size:26px;font-weight:700;letter-spacing:.5px}
.verdict ul{margin:6px 0 0 18px;padding:0}.verdict code{background:rgba(255,255,255,.18);color:#fff}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-top:14px}
section h2{margin-top:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td{background:#ffebe9}.ok{color:#1a7f37;font-weight:600}.ko{color:#cf222e;font-weight:600}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px}
.chart{overflow-x:auto}
svg.timeline text{font:12px system-ui,sans-serif;fill:#1f2328}
svg.timeline .ptitle{font-weight:600;font-size:13px}svg.timeline .unit{font-weight:400;fill:#59636e}
svg.timeline .ylab{text-anchor:end;fill:#59636e;font-size:11px}svg.timeline .xlab{text-anchor:middle;fill:#59636e;font-size:11px}
svg.timeline .legend{font-size:11px}svg.timeline .phasename{text-anchor:middle;font-weight:600;font-size:12px}
svg.timeline .faultname{fill:#cf222e;font-size:11px;font-weight:600}svg.timeline .nodata{text-anchor:middle;fill:#8c959f;font-style:italic}
svg.timeline .grid{stroke:#eaeef2}svg.timeline .axis{stroke:#8c959f}svg.timeline .bound{stroke:#8c959f;stroke-dasharray:2 4}
svg.timeline .strip{fill:#dafbe1}svg.timeline .strip.unknown{fill:#eaeef2}
footer{color:#59636e;font-size:12px;margin:18px 0}
`;

function count(data: SummaryData, name: string): number {
  return data.metrics[name]?.values.count ?? 0;
}

function table(head: string[], rows: string[][], rowClass: (i: number) => string = () => ''): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const tr = rows
    .map(
      (r, i) =>
        `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => (c.indexOf('<td') === 0 ? c : `<td>${c}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

const n = (v: string): string => `<td class="n">${v}</td>`;
const mark = (ok: boolean): string => (ok ? '<span class="ok">✓ pass</span>' : '<span class="ko">✗ fail</span>');
const ms = (v: number | null): string => (v === null ? '-' : fmtValue(v, true));

function verdictBlock(data: SummaryData): string {
  const results = thresholdResults(data);
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) {
    return `<div class="verdict pass" id="verdict" data-verdict="pass"><div class="big">PASS</div>all ${results.length} thresholds passed</div>`;
  }
  const items = failed
    .map(
      (f) =>
        `<li><code>${esc(f.metric)}</code> <code>${esc(f.expression)}</code> — observed ${esc(fmtValue(f.observed, data.metrics[f.metric]?.contains === 'time'))}</li>`,
    )
    .join('');
  return `<div class="verdict fail" id="verdict" data-verdict="fail"><div class="big">FAIL</div>${failed.length} of ${results.length} thresholds failed:<ul>${items}</ul></div>`;
}

function integrity(data: SummaryData, record: RunRecord): string {
  const tables = record.verify ? Object.keys(record.verify.tables).sort() : [];
  const rows = INTEGRITY_ROWS.map((r) => {
    const total = count(data, r.metric);
    const per = tables.map((t) =>
      n(r.verdict ? String((record.verify as NonNullable<RunRecord['verify']>).tables[t].counts[r.verdict]) : '-'),
    );
    let examples: string[] = [];
    if (r.verdict)
      for (const t of tables)
        examples = examples.concat(
          (record.verify as NonNullable<RunRecord['verify']>).tables[t].examples[r.verdict].map((k) => `${t}/${k}`),
        );
    if (r.label === 'out of order') examples = record.probe?.orderExamples ?? [];
    return [
      esc(r.label),
      `<td class="n" data-metric="${r.metric}">${total}</td>`,
      ...per,
      examples
        .slice(0, 5)
        .map((k) => `<code>${esc(k)}</code>`)
        .join(' ') || '-',
    ];
  });
  const verified = count(data, 'cdc_rows_verified');
  const head = ['verdict', 'keys (summary)', ...tables.map(esc), 'example keys'];
  const note = record.verify
    ? `${verified} keys verified${record.verify.quiescent ? '' : ' — <span class="ko">the pipeline never reached quiescence</span>'}`
    : `${verified} keys verified (per-table detail not recorded for this run)`;
  // Redeliveries are allowed under at-least-once delivery: only highlight the others.
  return `<p class="meta">${note}</p>${table(head, rows, (i) => (INTEGRITY_ROWS[i].label !== 'redeliveries' && count(data, INTEGRITY_ROWS[i].metric) > 0 ? 'bad' : ''))}`;
}

const at = (v: number | null): string => (v === null ? '?' : fmtOffset(v));

/** When the fault really happened: dispatched → in effect, heal dispatched → healed (from the run's history). */
function actualWindow(t: FaultTimes | undefined): string {
  if (!t) return 'not recorded';
  return `injected ${at(t.dispatched_ms)} → in effect ${at(t.in_effect_ms)}; healed ${at(t.heal_dispatched_ms)} → ${at(t.healed_ms)}`;
}

function recovery(data: SummaryData, timings: FaultTiming[], ctx: ReportContext, history: HistoryEvent[]): string {
  const plan = planFaults(ctx.scenario, ctx.scale);
  const actual = faultTimes(history);
  const slo = ctx.scenario.slo.recoveryMs;
  const rows = timings.map((t) => {
    const f = plan.faults.find((x) => x.id === t.faultId);
    const rec =
      t.recoveryMs !== null
        ? fmtValue(t.recoveryMs, true)
        : `not recovered (≥ ${fmtValue(t.recoveryLowerBoundMs, true)})`;
    const late = t.recoveryMs === null || t.recoveryMs > slo;
    return [
      `<code>${esc(t.faultId)}</code>`,
      esc(`${t.action} ${t.target}`),
      f ? `${fmtOffset(f.startMs)}–${fmtOffset(f.endMs)}` : '-',
      esc(actualWindow(actual.find((x) => x.fault === t.faultId))),
      n(ms(t.detectMs)),
      `<td class="n${late ? ' ko' : ''}">${esc(rec)}</td>`,
      n(ms(t.lagRecoveryMs)),
    ];
  });
  const overall = data.metrics.chaos_recovery_time;
  const summary = overall
    ? `chaos_recovery_time: avg ${fmtValue(overall.values.avg, true)} · p(95) ${fmtValue(overall.values['p(95)'], true)} · max ${fmtValue(overall.values.max, true)} (SLO ${fmtValue(slo, true)})`
    : 'no recovery samples';
  const body =
    rows.length > 0
      ? table(
          [
            'fault',
            'action',
            'planned window',
            'actual (run history)',
            'time to detect',
            'recovery (heal → first canary in MongoDB)',
            'lag recovery',
          ],
          rows,
        )
      : '<p class="meta">no per-fault timings recorded</p>';
  return `<p class="meta">${esc(summary)}</p>${body}`;
}

function alertSection(record: RunRecord, ctx: ReportContext): string {
  const probe = record.probe;
  const expected = new Map<string, { text: string; id: string }>();
  for (const r of ctx.scenario.validation)
    if (r.kind === 'alert')
      expected.set(r.alert, {
        id: r.id,
        text: `${r.condition.replace(/_/g, ' ')}${r.afterPhase ? ` after ${r.afterPhase}` : ''}`,
      });
  const names = new Set<string>(Array.from(expected.keys()));
  if (probe) for (const k of Object.keys(probe.series)) if (k.indexOf('alert:') === 0) names.add(k.slice(6));
  if (names.size === 0) return '<p class="meta">no alert was expected or seen firing</p>';
  const baseline = probe?.rules.find((r) => r.rule === 'baseline_no_alerts');
  const planned = planRules(ctx.scenario, ctx.scale);
  const rows = Array.from(names)
    .sort()
    .map((name) => {
      const pts = probe?.series[`alert:${name}`] ?? [];
      const spans = onIntervals(pts, probe?.untilMs ?? 0);
      const rule = probe?.rules.find((r) => r.rule === expected.get(name)?.id);
      const state =
        pts.length === 0
          ? 'not observed'
          : pts[pts.length - 1][1] > 0
            ? 'still firing at end'
            : spans.length > 0
              ? 'fired, resolved'
              : 'never fired';
      const skipped = planned.find((p) => p.rule.id === expected.get(name)?.id)?.skipped;
      const verdict = rule ? mark(rule.pass) : skipped ? `skipped: ${esc(skipped)}` : '-';
      return [
        `<code>${esc(name)}</code>`,
        esc(expected.get(name)?.text ?? 'not expected'),
        esc(state),
        esc(spans.map(([a, b]) => `${fmtOffset(a)}–${fmtOffset(b)}`).join(', ') || '-'),
        verdict,
      ];
    });
  const base = baseline ? `<p class="meta">baseline: ${mark(baseline.pass)} ${esc(baseline.detail)}</p>` : '';
  return base + table(['alert', 'expected', 'state', 'firing (run timeline)', 'rule'], rows);
}

function rulesSection(record: RunRecord): string {
  const rules = (record.probe?.rules ?? []).concat(record.verify?.rules ?? []);
  if (rules.length === 0) return '<p class="meta">no validation rule outcomes recorded</p>';
  return table(
    ['rule', 'result', 'detail'],
    rules.map((r) => [`<code>${esc(r.rule)}</code>`, mark(r.pass), esc(r.detail)]),
    (i) => (rules[i].pass ? '' : 'bad'),
  );
}

function latencyLoad(data: SummaryData): string {
  const rows: string[][] = [];
  for (const name of [
    'cdc_e2e_latency',
    'cdc_write_duration',
    'chaos_detect_time',
    'chaos_lag_recovery_time',
    'cdc_convergence_time',
  ]) {
    const m = data.metrics[name];
    if (!m) continue;
    const t = m.contains === 'time';
    rows.push([
      `<code>${name}</code>`,
      ...['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'].map((k) => n(fmtValue(m.values[k], t))),
    ]);
  }
  const trends =
    rows.length > 0
      ? table(['trend', 'avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'], rows)
      : '<p class="meta">no latency samples</p>';
  const sr = data.metrics.cdc_success_rate?.values;
  const load = `<p class="meta">writes ok <b>${count(data, 'cdc_writes')}</b> · success rate <b>${fmtValue(sr?.rate)}</b> (${fmtValue(sr?.passes)} of ${fmtValue((sr?.passes ?? 0) + (sr?.fails ?? 0))}) · unknown outcomes <b>${count(data, 'cdc_write_unknown')}</b></p>`;
  return load + trends;
}

function thresholdsSection(data: SummaryData): string {
  const results = thresholdResults(data);
  return table(
    ['', 'metric', 'threshold', 'observed'],
    results.map((r) => [
      r.ok ? '<span class="ok">✓</span>' : '<span class="ko">✗</span>',
      `<code>${esc(r.metric)}</code>`,
      `<code>${esc(r.expression)}</code>`,
      n(esc(fmtValue(r.observed, data.metrics[r.metric]?.contains === 'time'))),
    ]),
    (i) => (results[i].ok ? '' : 'bad'),
  );
}

export function htmlReport(
  data: SummaryData,
  ctx: ReportContext,
  record: RunRecord,
  history: HistoryEvent[] = [],
): string {
  const setup = data.setup_data ?? {};
  const plan = planFaults(ctx.scenario, ctx.scale);
  // The chart shades each fault where it was in effect, not where the plan put it.
  const faults = actualFaults(plan.faults, faultTimes(history));
  const title = `cdc-chaos · ${ctx.scenario.name} · ${setup.runId ?? 'run'}`;
  const duration = data.state?.testRunDurationMs;
  const meta = [
    ['scenario', `${ctx.scenario.name} (${ctx.scenario.id})`],
    ['run', setup.runId ?? '-'],
    ['seed', setup.seed === undefined ? '-' : String(setup.seed)],
    ['time scale', String(ctx.scale)],
    ['delivery', ctx.delivery],
    ['duration', duration === undefined ? '-' : fmtValue(duration, true)],
  ]
    .map(([k, v]) => `${k} <b>${esc(v)}</b>`)
    .join(' · ');
  const sections = [
    [
      'timeline',
      'Timeline: phases and faults against throughput, latency, lag and alerts',
      `<div class="chart">${timelineChart({ timeline: plan.timeline, faults, probe: record.probe })}</div>`,
    ],
    ['integrity', 'Integrity: PostgreSQL (truth) vs MongoDB', integrity(data, record)],
    ['recovery', 'Recovery per fault', recovery(data, record.probe?.timings ?? [], ctx, history)],
    ['alerts', 'Alerts', alertSection(record, ctx)],
    ['rules', 'Validation rules', rulesSection(record)],
    ['latency', 'Load and latency', latencyLoad(data)],
    ['thresholds', 'Thresholds', thresholdsSection(data)],
  ]
    .map(([id, h, body]) => `<section id="${id}"><h2>${esc(h)}</h2>${body}</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(ctx.scenario.name)}</h1>
<div class="meta">${meta}</div>
${ctx.scenario.description ? `<p class="meta">${esc(ctx.scenario.description)}</p>` : ''}
${verdictBlock(data)}
${sections}
<footer>cdc-chaos report — generated by handleSummary from k6's summary data (the numbers of ${esc(ctx.scenario.id)}-summary.json) and the run's probe/verification records.</footer>
</main></body></html>
`;
}
