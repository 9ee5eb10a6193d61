// `-o json=FILE`: k6's JSON lines output (grafana/k6 `internal/output/json/json.go`, `wrapper.go`): for every
// metric, the first time one of its samples is written, a `{"type":"Metric","data":{name,type,contains,thresholds,
// submetrics},"metric":NAME}` line; then one `{"metric":NAME,"type":"Point","data":{"time":RFC3339,"value":V,
// "tags":{...}}}` line per sample. FILE "" or "-" = stdout; a ".gz" suffix gzips. Flushed every 200 ms.
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { MetricsEngine } from '../metrics/engine.js';
import type { Sample } from '../metrics/types.js';
import { defaultLog, type Output, type OutputContext } from './types.js';

const FLUSH_MS = 200;
/** k6 keeps these high-cardinality system tags as metadata, not tags */
const METADATA_KEYS = new Set(['vu', 'iter']);

/** Go's time.Time JSON form (RFC 3339 with up to ns, trailing zeros trimmed, local offset or Z). */
export function rfc3339(ms: number): string {
  const d = new Date(ms);
  const offMin = -d.getTimezoneOffset();
  const local = new Date(ms + offMin * 60_000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const frac = ms - Math.floor(ms / 1000) * 1000; // ms incl. sub-ms fraction
  let fracStr = '';
  if (frac !== 0)
    fracStr = `.${Math.round(frac * 1e6)
      .toString()
      .padStart(9, '0')
      .replace(/0+$/, '')}`;
  const base =
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fracStr}`;
  if (offMin === 0) return `${base}Z`;
  const sign = offMin > 0 ? '+' : '-';
  const a = Math.abs(offMin);
  return `${base}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function sortedObject(o: Record<string, string>, keep: (k: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).filter(keep).sort()) out[k] = o[k];
  return out;
}

export class JsonOutput implements Output {
  readonly description: string;
  private readonly engine: MetricsEngine;
  private readonly log: NonNullable<OutputContext['log']>;
  private readonly seen = new Set<string>();
  private buffer: Sample[] = [];
  private out?: Writable;
  private file?: Writable;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly filename: string,
    private readonly ctx: OutputContext = {},
  ) {
    this.description = filename === '' || filename === '-' ? 'json(stdout)' : `json (${filename})`;
    this.engine = ctx.engine ?? new MetricsEngine();
    this.log = ctx.log ?? defaultLog;
  }

  start(): void {
    if (this.filename === '' || this.filename === '-') {
      this.out = this.ctx.stdout ?? process.stdout;
    } else {
      this.file = createWriteStream(resolve(this.ctx.cwd ?? process.cwd(), this.filename));
      if (this.filename.endsWith('.gz')) {
        const gz = createGzip();
        gz.pipe(this.file);
        this.out = gz;
      } else {
        this.out = this.file;
      }
    }
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  addSamples(samples: Sample[]): void {
    for (const s of samples) this.buffer.push(s);
  }

  /** Lines for the buffered samples (exposed for tests). */
  render(samples: Sample[]): string {
    let text = '';
    for (const s of samples) {
      if (!this.seen.has(s.metric)) {
        this.seen.add(s.metric);
        const info = this.engine.metricInfo(s.metric);
        if (info) {
          text += `${JSON.stringify({
            type: 'Metric',
            data: {
              name: info.name,
              type: info.type,
              contains: info.contains,
              thresholds: info.thresholds,
              submetrics: info.submetrics,
            },
            metric: info.name,
          })}\n`;
        } else {
          this.log(
            'warn',
            `json output: metric '${s.metric}' was never declared; writing its points without a Metric line`,
          );
        }
      }
      const data: Record<string, unknown> = {
        time: rfc3339(s.time),
        value: s.value,
        tags: sortedObject(s.tags, (k) => !METADATA_KEYS.has(k)),
      };
      const meta = sortedObject(s.tags, (k) => METADATA_KEYS.has(k));
      if (Object.keys(meta).length > 0) data.metadata = meta;
      text += `${JSON.stringify({ metric: s.metric, type: 'Point', data })}\n`;
    }
    return text;
  }

  private flush(): void {
    if (this.buffer.length === 0 || !this.out) return;
    const samples = this.buffer;
    this.buffer = [];
    this.out.write(this.render(samples));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.flush();
    const out = this.out;
    if (!out || out === (this.ctx.stdout ?? process.stdout)) return;
    await new Promise<void>((res, rej) => {
      const target = this.file ?? out;
      target.once('finish', res);
      target.once('close', res);
      target.once('error', rej);
      out.end();
    });
  }
}
