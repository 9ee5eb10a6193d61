// setup()'s wait for the steady state (src/experiment/steady-state.ts): the baseline starts only once the
// consumer has caught up, so an earlier run's backlog neither fires lag alerts in the baseline nor skews its
// throughput. Lag: the broker's view through Prometheus (lag exporter / kafka_exporter), else the consumer's own
// cdc_consumer_lag; with neither, the run goes on and says it could not check.
import http from 'k6/http';
import { sleep } from 'k6';
import { formatDuration } from '../experiment/duration.js';
import { aggregate, parsePromText } from '../experiment/prom-text.js';
import {
  SETTLE_CAP_FACTOR,
  settleStalled,
  STEADY_STATE,
  steadyState,
  type LagReading,
} from '../experiment/steady-state.js';
import { CONFIG } from './config.js';

const HTTP = { timeout: '5s', tags: { name: 'steady-state' } };
/** The consumer group's lag per partition, as kafka_exporter names it. */
const LAG_SERIES = `kafka_consumergroup_lag{consumergroup="${CONFIG.consumerGroup}"}`;

/** The consumer group's lag summed over its partitions, the broker's view through Prometheus; `recentMs`: the
 *  highest of each partition's samples over that span, so a stopped exporter (no sample) reads as unknown. */
export function brokerLag(recentMs = 0): number | null {
  const query = encodeURIComponent(`sum(${recentMs > 0 ? `max_over_time(${LAG_SERIES}[${recentMs}ms])` : LAG_SERIES})`);
  const res = http.get(`${CONFIG.prometheusUrl}/api/v1/query?query=${query}`, HTTP);
  if (res.status !== 200) return null;
  const result = (res.json() as { data?: { result?: Array<{ value: [number, string] }> } }).data?.result ?? [];
  return result.length > 0 ? Number(result[0].value[1]) : null;
}

/** The group's summed lag as Prometheus recorded it over the last `spanMs` (one reading per second): the hold the
 *  check needs is usually already in Prometheus, so a pipeline at rest is found settled at once instead of being
 *  watched for another holdMs. Empty when Prometheus has no such series (the live readings then decide alone). */
function brokerLagHistory(spanMs: number): LagReading[] {
  const end = Date.now() / 1000;
  const query = encodeURIComponent(`sum(${LAG_SERIES})`);
  const url = `${CONFIG.prometheusUrl}/api/v1/query_range?query=${query}&start=${end - spanMs / 1000}&end=${end}&step=1`;
  const res = http.get(url, HTTP);
  if (res.status !== 200) return [];
  const result = (res.json() as { data?: { result?: Array<{ values: Array<[number, string]> }> } }).data?.result ?? [];
  return result.length > 0 ? result[0].values.map(([at, lag]) => ({ atMs: at * 1000, lag: Number(lag) })) : [];
}

function consumerOwnLag(): number | null {
  const res = http.get(`${CONFIG.consumerUrl}/metrics`, HTTP);
  return res.status === 200 && typeof res.body === 'string'
    ? aggregate(parsePromText(res.body), 'cdc_consumer_lag', 'sum')
    : null;
}

/** What the check found, for the run journal's steady state before the experiment. */
export interface SteadyStateResult {
  verdict: 'settled' | 'unmeasurable' | 'skipped';
  lag: number | null;
  waited_ms: number;
}

/** `tick` runs once a second while it waits (setup renews the run's lock with it). Waits while the lag falls, up to
 *  SETTLE_CAP_FACTOR × CHAOS_SETTLE_TIMEOUT; fails once it has not fallen for CHAOS_SETTLE_TIMEOUT. */
export function waitForSteadyState(tick: () => void): SteadyStateResult {
  if (CONFIG.settleTimeoutMs === 0) return { verdict: 'skipped', lag: null, waited_ms: 0 };
  const started = Date.now();
  const readings: LagReading[] = brokerLagHistory(STEADY_STATE.holdMs + 1_000);
  let told = started;
  for (;;) {
    readings.push({ atMs: Date.now(), lag: brokerLag() ?? consumerOwnLag() });
    const verdict = steadyState(readings);
    const lag = readings[readings.length - 1].lag;
    if (verdict === 'settled') {
      if (Date.now() - started > STEADY_STATE.holdMs + 3_000)
        console.log(
          `cdc-chaos: pipeline settled after ${formatDuration(Math.round((Date.now() - started) / 1000) * 1000)} (consumer lag ${lag})`,
        );
      return { verdict, lag, waited_ms: Date.now() - started };
    }
    if (verdict === 'unmeasurable') {
      console.warn(
        'cdc-chaos: consumer lag unknown (no kafka_consumergroup_lag in Prometheus, no cdc_consumer_lag from the consumer): starting without the steady-state check',
      );
      return { verdict, lag: null, waited_ms: Date.now() - started };
    }
    const need = `needs ≤ ${STEADY_STATE.maxLag} for ${formatDuration(STEADY_STATE.holdMs)}`;
    if (settleStalled(readings, CONFIG.settleTimeoutMs)) {
      throw new Error(
        `the pipeline did not settle: consumer lag ${lag ?? 'unknown'} has not fallen for ${formatDuration(CONFIG.settleTimeoutMs)} (${need}); ` +
          'is the consumer running? Raise CHAOS_SETTLE_TIMEOUT to wait longer (0 skips the check). No fault was injected.',
      );
    }
    if (Date.now() - started >= CONFIG.settleTimeoutMs * SETTLE_CAP_FACTOR) {
      throw new Error(
        `the pipeline did not settle within ${formatDuration(CONFIG.settleTimeoutMs * SETTLE_CAP_FACTOR)} (${SETTLE_CAP_FACTOR} × CHAOS_SETTLE_TIMEOUT) although the lag kept falling: consumer lag ${lag ?? 'unknown'} (${need}); ` +
          'an earlier run is still being applied — wait, or raise CHAOS_SETTLE_TIMEOUT (0 skips the check). No fault was injected.',
      );
    }
    if (Date.now() - told >= 10_000) {
      console.log(
        `cdc-chaos: waiting for the pipeline to settle before the baseline: consumer lag ${lag ?? 'unknown'}`,
      );
      told = Date.now();
    }
    tick();
    sleep(1);
  }
}
