// jslib "k6-utils" (https://jslib.k6.io/k6-utils/<version>/index.js), served built in: the same
// functions and behaviour as grafana/k6-jslib-utils 1.6.0 (src/index.js), written for this runtime.
import exec from './k6-execution.js';
import { Rate } from './k6-metrics.js';
import { randomBytes } from './k6-crypto.js';

// Declared at import, i.e. in the init context, like the jslib's module-level `new Rate('checks')`.
const checkRate = new Rate('checks');

type Checker = ((value: unknown) => unknown) | unknown;

/** k6's check that also accepts promises: returns a Promise<boolean> as soon as one is involved. */
export function check(
  value: unknown,
  checkers: Record<string, Checker>,
  tags?: Record<string, string>,
): boolean | Promise<boolean> {
  if (value instanceof Promise) return value.then((v) => check(v, checkers, tags));
  const results = Object.entries(checkers).map(([name, checker]) => {
    const report = (ok: unknown) => {
      checkRate.add(ok ? 1 : 0, { ...tags, check: name });
      return ok;
    };
    const r = typeof checker === 'function' ? (checker as (v: unknown) => unknown)(value) : checker;
    return r instanceof Promise ? r.then(report) : report(r);
  });
  if (results.some((r) => r instanceof Promise)) return Promise.all(results).then((all) => all.every(Boolean));
  return results.every(Boolean);
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** "1h2m3.5s" / "250ms" / "2d" → milliseconds; a trailing bare number counts as ms. */
export function parseDuration(str: string): number {
  if (str == null || str.length < 1) throw new Error('str is empty');
  let total = 0;
  const seen = new Set<string>();
  const re = /([\d.]*)(ms|d|h|m|s|[^\d.])?/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < str.length && (m = re.exec(str)) && m[0] !== '') {
    const [, num, unit] = m;
    if (unit === undefined) {
      total += parseFloat(num);
      break;
    }
    if (!(unit in UNIT_MS)) throw new Error(`${unit} is an unsupported time unit`);
    if (seen.has(unit)) throw new Error(`${unit} time unit is provided multiple times`);
    seen.add(unit);
    const v = parseFloat(num);
    total += unit === 'ms' ? Math.trunc(v) : v * UNIT_MS[unit];
  }
  return total;
}

interface Stage {
  duration: string;
  target: number;
}

/** The parts of k6/execution used here. */
const execution = exec as unknown as {
  scenario: { name: string; startTime: number };
  test: { options: { scenarios?: Record<string, { stages?: Stage[] }> } };
  vu: { tags: Record<string, unknown> };
};

function scenarioStages(): Stage[] {
  const name = execution.scenario.name;
  const scenarios = execution.test.options.scenarios ?? {};
  const sc = scenarios[name];
  if (sc == null) throw new Error(`the exec.test.options object doesn't contain the current scenario ${name}`);
  if (sc.stages == null) {
    throw new Error(
      'only ramping-vus or ramping-arravial-rate supports stages, it is not possible to get a stage index on other executors.',
    );
  }
  if (sc.stages.length < 1) throw new Error(`the current scenario ${name} doesn't contain any stage`);
  return sc.stages;
}

export function getCurrentStageIndex(): number {
  const stages = scenarioStages();
  const elapsed = Date.now() - execution.scenario.startTime;
  let end = 0;
  for (let i = 0; i < stages.length; i++) {
    end += parseDuration(stages[i].duration);
    if (elapsed < end) return i;
  }
  return stages.length - 1;
}

export function tagWithCurrentStageIndex(): void {
  execution.vu.tags.stage = getCurrentStageIndex();
}

export function tagWithCurrentStageProfile(): void {
  const i = getCurrentStageIndex();
  let profile = 'ramp-up';
  if (i >= 1) {
    const stages = scenarioStages();
    const cur = stages[i].target;
    const prev = stages[i - 1].target;
    profile = cur > prev ? 'ramp-up' : cur === prev ? 'steady' : 'ramp-down';
  }
  execution.vu.tags.stage_profile = profile;
}

const hex = (b: number) => b.toString(16).padStart(2, '0');

export function uuidv4(secure = false): string {
  const b = secure ? new Uint8Array(randomBytes(16)) : Uint8Array.from({ length: 16 }, () => (Math.random() * 256) | 0);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, hex).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function randomIntBetween(min: number, max: number): number {
  return Math.floor(Math.random() * (max - min + 1) + min);
}

export function randomItem<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

export function randomString(length: number, charset = 'abcdefghijklmnopqrstuvwxyz'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += charset[(Math.random() * charset.length) | 0];
  return out;
}

/** First text between `left` and `right`; with `repeat`, every match (null when none). */
export function findBetween(content: string, left: string, right: string, repeat = false): string | string[] | null {
  const found: string[] = [];
  let rest = content;
  for (;;) {
    const s = rest.indexOf(left);
    if (s === -1) break;
    const from = s + left.length;
    const e = rest.indexOf(right, from);
    if (e === -1) break;
    if (!repeat) return rest.substring(from, e);
    found.push(rest.substring(from, e));
    rest = rest.substring(e + right.length);
  }
  return found.length ? found : null;
}

/** Stages following a bell curve that peaks at maxVus (ramp-up, numberOfStages steps, ramp-down). */
export function normalDistributionStages(maxVus: number, durationSeconds: number, numberOfStages = 10): Stage[] {
  const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const curve = new Array<number>(numberOfStages + 2).fill(0);
  for (let i = 0; i <= numberOfStages; i++) curve[i] = density(-2 + (4 * i) / numberOfStages);
  const peak = Math.max(...curve);
  const vus = curve.map((x) => Math.round((x * maxVus) / peak));
  const edge = Math.ceil(durationSeconds / 6);
  const step = Math.ceil((4 * durationSeconds) / (6 * numberOfStages));
  return vus.map((target, k) => ({ duration: `${k === 0 || k === numberOfStages + 1 ? edge : step}s`, target }));
}

export default {
  check,
  parseDuration,
  getCurrentStageIndex,
  tagWithCurrentStageIndex,
  tagWithCurrentStageProfile,
  findBetween,
  normalDistributionStages,
  randomIntBetween,
  randomItem,
  randomString,
  uuidv4,
};
