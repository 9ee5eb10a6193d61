// The report's timeline chart as inline SVG: phases on top, fault windows shaded across every
// panel, then throughput (PostgreSQL writes/s vs consumer applies/s), canary e2e latency
// percentiles, consumer lag, and one strip per alert / health signal. Pure: the same record
// always draws the same picture, and nothing is fetched (the report opens offline).

import type { Fault } from '../../experiment/fault-plan.js';
import type { Timeline } from '../../experiment/timeline.js';
import { esc, fmtOffset } from './markup.js';
import {
  latencyBuckets,
  onIntervals,
  ratePerSecond,
  type LatencyBucket,
  type Point,
  type ProbeRecord,
} from './run-record.js';

const W = 1200;
// Wide enough for the strip labels (alert names, `<container> down`).
const LEFT = 150;
const RIGHT = 20;
const PLOT_W = W - LEFT - RIGHT;
const PHASE_H = 26;
const PANEL_H = 130;
const STRIP_H = 16;
const GAP = 26;
const BUCKET_MS = 5000;

export const COLORS = {
  writes: '#1f6feb',
  processed: '#2da44e',
  p50: '#0a9396',
  p95: '#ee9b00',
  max: '#8c959f',
  missing: '#cf222e',
  lag: '#8250df',
  fault: '#cf222e',
  firing: '#cf222e',
  healthy: '#2da44e',
};
const PHASE_FILLS = ['#ddf4ff', '#fff8c5', '#ffebe9', '#dafbe1', '#fbefff', '#eaeef2'];

interface Line {
  label: string;
  color: string;
  points: Point[];
  dashed?: boolean;
}

class Scale {
  constructor(readonly endMs: number) {}
  x(ms: number): number {
    return LEFT + (Math.max(0, Math.min(ms, this.endMs)) / this.endMs) * PLOT_W;
  }
}

/** A round upper bound for a y axis (1, 2, 5 × 10^n). */
function niceMax(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function num(v: number): string {
  return Math.abs(v) >= 1000
    ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k`
    : Number.isInteger(v)
      ? String(v)
      : v.toFixed(1);
}

function path(points: Point[], sx: Scale, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx.x(t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function panel(title: string, unit: string, lines: Line[], top: number, sx: Scale, extra = ''): string {
  const all = lines.reduce<number[]>(
    (a, l) => a.concat(l.points.map((p) => p[1]).filter((v) => Number.isFinite(v))),
    [],
  );
  const max = niceMax(all.reduce((m, v) => Math.max(m, v), 0));
  const y = (v: number): number => top + PANEL_H - (Math.min(v, max) / max) * PANEL_H;
  const out: string[] = [`<g class="panel" data-panel="${esc(title)}">`];
  out.push(
    `<text x="${LEFT}" y="${top - 8}" class="ptitle">${esc(title)}${unit ? ` <tspan class="unit">(${esc(unit)})</tspan>` : ''}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" class="ylab">${num(v)}</text>`);
  }
  if (all.length === 0)
    out.push(`<text x="${LEFT + PLOT_W / 2}" y="${top + PANEL_H / 2}" class="nodata">no samples</text>`);
  for (const l of lines) {
    const d = path(l.points, sx, y);
    if (d)
      out.push(
        `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="4 3"' : ''}><title>${esc(l.label)}</title></path>`,
      );
  }
  let lx = W - RIGHT;
  for (const l of lines.slice().reverse()) {
    lx -= 14 + l.label.length * 7;
    out.push(
      `<rect x="${lx}" y="${top - 18}" width="10" height="10" fill="${l.color}"/><text x="${lx + 14}" y="${top - 9}" class="legend">${esc(l.label)}</text>`,
    );
  }
  out.push(extra, '</g>');
  return out.join('');
}

function strip(
  label: string,
  intervals: [number, number][],
  color: string,
  top: number,
  sx: Scale,
  known: boolean,
): string {
  const out = [`<text x="${LEFT - 6}" y="${top + STRIP_H - 4}" class="ylab">${esc(label)}</text>`];
  out.push(
    `<rect x="${LEFT}" y="${top}" width="${PLOT_W}" height="${STRIP_H - 3}" class="${known ? 'strip' : 'strip unknown'}"/>`,
  );
  for (const [a, b] of intervals) {
    out.push(
      `<rect x="${sx.x(a).toFixed(1)}" y="${top}" width="${Math.max(2, sx.x(b) - sx.x(a)).toFixed(1)}" height="${STRIP_H - 3}" fill="${color}"><title>${esc(label)} ${fmtOffset(a)}–${fmtOffset(b)}</title></rect>`,
    );
  }
  return out.join('');
}

function faultLabel(f: Fault): string {
  return `${f.action} ${f.target}`;
}

export interface ChartInput {
  timeline: Timeline;
  faults: Fault[];
  probe: ProbeRecord | null;
}

interface StripSpec {
  label: string;
  intervals: [number, number][];
  color: string;
  known: boolean;
}

/** The red strips: alerts firing, the consumer down, containers down, each until `untilMs` when still on. */
function stateStrips(series: Record<string, Point[]>, untilMs: number): StripSpec[] {
  const keys = (prefix: string): string[] =>
    Object.keys(series)
      .filter((k) => k.indexOf(prefix) === 0)
      .sort();
  const strips: StripSpec[] = [];
  for (const a of keys('alert:'))
    strips.push({
      label: a.slice(6),
      intervals: onIntervals(series[a], untilMs),
      color: COLORS.firing,
      known: series[a].length > 0,
    });
  const down = (pts: Point[]): Point[] => pts.map(([t, v]) => [t, v > 0 ? 0 : 1]);
  if (series.health)
    strips.push({
      label: 'consumer down',
      intervals: onIntervals(down(series.health), untilMs),
      color: COLORS.fault,
      known: true,
    });
  for (const c of keys('container:'))
    strips.push({
      label: `${c.slice(10)} down`,
      intervals: onIntervals(down(series[c]), untilMs),
      color: COLORS.fault,
      known: true,
    });
  return strips;
}

/** The labelled phase band at `top`, and the observation tail when the probe ran past the last phase. */
function phaseBand(timeline: Timeline, sx: Scale, endMs: number, top: number): string {
  const parts = timeline.phases.map((p, i) => {
    const x0 = sx.x(p.startMs);
    const x1 = sx.x(p.endMs);
    return (
      `<g class="phase" data-phase="${esc(p.name)}"><rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${PHASE_H}" fill="${PHASE_FILLS[i % PHASE_FILLS.length]}" stroke="#d0d7de"/>` +
      (x1 - x0 > p.name.length * 7 + 8
        ? `<text x="${((x0 + x1) / 2).toFixed(1)}" y="${top + 17}" class="phasename">${esc(p.name)}</text>`
        : '') +
      `<title>phase ${p.index} ${esc(p.name)}: ${fmtOffset(p.startMs)}–${fmtOffset(p.endMs)}</title></g>`
    );
  });
  if (endMs > timeline.totalMs) {
    parts.push(
      `<rect x="${sx.x(timeline.totalMs).toFixed(1)}" y="${top}" width="${(sx.x(endMs) - sx.x(timeline.totalMs)).toFixed(1)}" height="${PHASE_H}" fill="#f6f8fa" stroke="#d0d7de"/><text x="${((sx.x(timeline.totalMs) + sx.x(endMs)) / 2).toFixed(1)}" y="${top + 17}" class="phasename">observation</text>`,
    );
  }
  return parts.join('');
}

/** Throughput, end-to-end latency (a cross per bucket with lost canaries) and lag panels from `top` down. */
function metricPanels(
  series: Record<string, Point[]>,
  buckets: LatencyBucket[],
  sx: Scale,
  top: number,
): { svg: string[]; top: number } {
  const svg: string[] = [];
  svg.push(
    panel(
      'Throughput',
      'rows/s',
      [
        { label: 'PostgreSQL writes/s', color: COLORS.writes, points: ratePerSecond(series.writes ?? [], BUCKET_MS) },
        {
          label: 'consumer applied/s',
          color: COLORS.processed,
          points: ratePerSecond(series.processed ?? [], BUCKET_MS),
        },
      ],
      top,
      sx,
    ),
  );
  top += PANEL_H + GAP + 14;
  const missing = buckets
    .filter((b) => b.missing > 0)
    .map(
      (b) =>
        `<path d="M${(sx.x(b.t) - 4).toFixed(1)},${top + 2}l8,8m0,-8l-8,8" stroke="${COLORS.missing}" stroke-width="2"><title>${b.missing} canary(ies) written at ~${fmtOffset(b.t)} never reached MongoDB</title></path>`,
    )
    .join('');
  svg.push(
    panel(
      'End-to-end latency (canary commit → visible in MongoDB, by commit time)',
      'ms',
      [
        { label: 'p50', color: COLORS.p50, points: buckets.map((b) => [b.t, b.p50] as Point) },
        { label: 'p95', color: COLORS.p95, points: buckets.map((b) => [b.t, b.p95] as Point) },
        { label: 'max', color: COLORS.max, points: buckets.map((b) => [b.t, b.max] as Point), dashed: true },
      ],
      top,
      sx,
      missing,
    ),
  );
  top += PANEL_H + GAP + 14;
  svg.push(
    panel(
      'Consumer lag',
      'messages',
      [{ label: 'lag (sum of partitions)', color: COLORS.lag, points: series.lag ?? [] }],
      top,
      sx,
    ),
  );
  return { svg, top: top + PANEL_H + GAP };
}

/** Fault windows over everything between the phase band and `bottom` (an instant fault is a line). */
function faultShades(faults: Fault[], sx: Scale, phaseTop: number, bottom: number): string {
  return faults
    .map((f) => {
      const x0 = sx.x(f.startMs);
      const w = Math.max(2, sx.x(f.endMs) - x0);
      return (
        `<g class="fault" data-fault="${esc(f.id)}"><rect x="${x0.toFixed(1)}" y="${phaseTop + PHASE_H}" width="${w.toFixed(1)}" height="${bottom - phaseTop - PHASE_H}" fill="${COLORS.fault}" fill-opacity="0.10" stroke="${COLORS.fault}" stroke-opacity="0.5" stroke-dasharray="3 3"/>` +
        `<text x="${(x0 + 3).toFixed(1)}" y="${phaseTop + PHASE_H + 13}" class="faultname">⚡ ${esc(faultLabel(f))}</text>` +
        `<title>fault ${esc(f.id)}: ${fmtOffset(f.startMs)}–${fmtOffset(f.endMs)} (healed by ${f.healedBy})</title></g>`
      );
    })
    .join('');
}

/** A dashed boundary through every panel at each phase start; instant phases share theirs with the next one. */
function phaseBounds(timeline: Timeline, sx: Scale, phaseTop: number, bottom: number): string {
  return Array.from(new Set(timeline.phases.slice(1).map((p) => p.startMs)))
    .map(
      (t) =>
        `<line x1="${sx.x(t).toFixed(1)}" x2="${sx.x(t).toFixed(1)}" y1="${phaseTop}" y2="${bottom}" class="bound"/>`,
    )
    .join('');
}

/** The time axis at `bottom`: a baseline and about ten round-second ticks. */
function timeAxis(endMs: number, sx: Scale, bottom: number): string {
  const ticks = [`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${bottom}" y2="${bottom}" class="axis"/>`];
  const stepS = niceMax(endMs / 1000 / 10);
  for (let s = 0; s * 1000 <= endMs; s += stepS) {
    const x = sx.x(s * 1000).toFixed(1);
    ticks.push(
      `<line x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 5}" class="axis"/><text x="${x}" y="${bottom + 18}" class="xlab">${s}s</text>`,
    );
  }
  return ticks.join('');
}

export function timelineChart({ timeline, faults, probe }: ChartInput): string {
  const endMs = Math.max(timeline.totalMs, probe?.untilMs ?? 0, 1000);
  const sx = new Scale(endMs);
  const series = probe?.series ?? {};
  const strips = stateStrips(series, probe?.untilMs ?? endMs);
  const phaseTop = 22;
  const metrics = metricPanels(
    series,
    latencyBuckets(probe?.canaries ?? [], BUCKET_MS),
    sx,
    phaseTop + PHASE_H + GAP + 14,
  );
  const panels = metrics.svg;
  let top = metrics.top;
  if (strips.length > 0) {
    top += 12;
    panels.push(
      `<text x="${LEFT}" y="${top - 6}" class="ptitle">Alerts firing and components down <tspan class="unit">(red)</tspan></text>`,
    );
  }
  // Room for the "no probe record" note above the time axis.
  if (!probe) top += 20;
  const stripTop = top;
  for (const s of strips) {
    panels.push(strip(s.label, s.intervals, s.color, top, sx, s.known));
    top += STRIP_H;
  }
  const bottom = top + 4;
  const height = bottom + 30;
  const note = probe
    ? ''
    : `<text x="${LEFT + PLOT_W / 2}" y="${stripTop - 6}" class="nodata">no probe time series for this run (the probe record was not found)</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="Run timeline: phases, faults, throughput, latency, lag, alerts">` +
    `<text x="${LEFT}" y="14" class="ptitle">Phases</text>` +
    phaseBand(timeline, sx, endMs, phaseTop) +
    faultShades(faults, sx, phaseTop, bottom) +
    phaseBounds(timeline, sx, phaseTop, bottom) +
    panels.join('') +
    note +
    timeAxis(endMs, sx, bottom) +
    '</svg>'
  );
}
