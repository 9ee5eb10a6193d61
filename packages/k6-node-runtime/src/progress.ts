// Live progress on stderr, like k6's: a "running (...)" line plus one bar per scenario, and the
// current phase/fault a bundle announced with `console.log('cdc-chaos:phase <text>')`.
// TTY: redrawn in place every 200 ms; otherwise the block is printed every 5 s.
import type { ScenarioProgress } from './executors/run-scenario.js';

export interface Counters {
  completed: number;
  interrupted: number;
  vus: number;
  vusMax: number;
}

function clock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${m}m${(s - m * 60).toFixed(1).padStart(4, '0')}s`;
}

function short(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1).padStart(4, '0')}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s - m * 60)).padStart(2, '0')}s`;
}

export function renderProgress(
  now: number,
  testStart: number,
  scenarios: ScenarioProgress[],
  c: Counters,
  phase: string,
  width = 40,
): string[] {
  const lines = [
    `running (${clock(now - testStart)}), ${c.vus}/${c.vusMax} VUs, ${c.completed} complete and ${c.interrupted} interrupted iterations`,
  ];
  const nameW = Math.max(...scenarios.map((s) => s.name.length), 7);
  for (const s of scenarios) {
    let frac = 0;
    let right: string;
    const elapsed = s.startedAt ? (s.endedAt ?? now) - s.startedAt : 0;
    if (s.state === 'done') frac = 1;
    else if (s.plannedMs > 0) frac = Math.min(1, elapsed / s.plannedMs);
    else if (s.totalIterations > 0 && s.counter) frac = Math.min(1, Atomics.load(s.counter, 0) / s.totalIterations);
    if (s.totalIterations > 0) {
      const done = s.counter ? Math.min(s.totalIterations, Atomics.load(s.counter, 0)) : 0;
      right = `${s.activeVUs} VUs  ${short(elapsed)}  ${done}/${s.totalIterations} shared iters`;
      if (s.executor === 'per-vu-iterations') right = right.replace('shared iters', 'iters, per VU total');
    } else right = `${s.activeVUs}/${s.maxVUs} VUs  ${short(Math.min(elapsed, s.plannedMs))}/${short(s.plannedMs)}`;
    if (s.dropped > 0) right += `  ${s.dropped} dropped`;
    if (s.state === 'waiting') {
      lines.push(`${s.name.padEnd(nameW)} [${'-'.repeat(width)}] waiting`);
      continue;
    }
    const state = s.state === 'done' ? '✓' : '';
    const fill = Math.round(frac * width);
    const bar =
      '='.repeat(Math.max(0, fill - 1)) + (fill > 0 ? (fill === width ? '=' : '>') : '') + '-'.repeat(width - fill);
    lines.push(`${s.name.padEnd(nameW)} ${state}${state ? ' ' : ''}[${bar}] ${right}`);
  }
  if (phase) lines.push(`phase: ${phase}`);
  return lines;
}

export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private drawn = 0;
  private lastPlain = 0;
  phase = '';

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty: boolean,
    private readonly testStart: () => number,
    private readonly scenarios: ScenarioProgress[],
    private readonly counters: () => Counters,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(false), this.tty ? 200 : 1000);
    this.timer.unref();
  }

  private tick(final: boolean): void {
    const now = Date.now();
    if (!this.tty && !final && now - this.lastPlain < 5000) return;
    const lines = renderProgress(now, this.testStart(), this.scenarios, this.counters(), this.phase);
    if (this.tty) {
      const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
      this.out.write(up + lines.map((l) => `\r\x1b[K${l}`).join('\n') + '\n');
      this.drawn = lines.length;
    } else {
      this.out.write(lines.join('\n') + '\n\n');
      this.lastPlain = now;
    }
  }

  /** Prints a log line above the progress block (TTY): clear the block, write, redraw. */
  log(line: string): void {
    if (!this.tty || !this.timer) {
      this.out.write(line);
      return;
    }
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A\r\x1b[J` : '';
    this.drawn = 0;
    this.out.write(up + line);
    this.tick(false);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick(true);
    this.timer = undefined;
  }
}
