// The probes scenario (one VU, one long iteration): observes the pipeline while the chaos runs —
// canary rows followed into MongoDB (e2e latency, recovery per fault: src/experiment/canaries.ts), consumer
// health and metrics, the broker's view of the consumer group, container state, connector state, slot lag,
// Prometheus alerts, and the versions of the hot rows (per-key order). Every measurement goes into the run's
// history; at the end the window rules and the per-fault timings are judged from the events recorded
// (judgeProbes, a pure function the report and the unit tests call on the same history). A measurement the
// probe could not make is left out of its samples and counted (probe-failures.ts); what it was needed for is
// reported unknown (chaos_probe_unknown), never failed.

import { sleep } from 'k6';
import http from 'k6/http';
import type { HistoryEvent } from '../experiment/history.js';
import { CanaryBook, TICK_MS } from '../experiment/canaries.js';
import { brokerQuery, PROBE_METRICS } from '../experiment/pipeline-metrics.js';
import { addSample, baselinePhase, baselineQuiet, judgeProbes } from '../experiment/probe-judgement.js';
import { aggregate, parsePromText, type PromSample } from '../experiment/prom-text.js';
import { canaryLatencies, pipelineHealedAt } from '../experiment/recovery.js';
import { decideRule, observationEndMs, seriesSource, type JudgedRule, type Sample } from '../experiment/rules.js';
import { classifyWriteError, VersionTracker } from '../experiment/verdict.js';
import { pg, renewPg } from './clients.js';
import { CONFIG, JUDGED_RULES, PLAN, SCENARIO, offsetNow, type RunData } from './config.js';
import { containerHealthy } from './faults.js';
import { flushHistory, keepHistory, keptHistory, readEvents, recordHistory } from './history-store.js';
import { journal } from './journal.js';
import { renewLeases } from './lease.js';
import { ProbeFailures } from './probe-failures.js';
import { ProbeMongo } from './probe-mongo.js';
import * as m from './metrics.js';

// Canary writes and lookups every tick (TICK_MS, canaries.ts); everything else once a second or slower, so
// the probes do not compete with the consumer for the MongoDB under test.
const HTTP = { timeout: '2s', tags: { name: 'probe' } };

type Source = { name: string; source: string; from: 'consumer' | 'broker'; aggregate: 'sum' | 'max' };

class Probe {
  readonly series: Record<string, Sample[]> = {};
  readonly book = new CanaryBook(
    PLAN.faults.map((f) => pipelineHealedAt(f, PLAN.faults)),
    SCENARIO.slo.actionDelayMs,
    SCENARIO.slo.canaryTimeoutMs,
  );
  readonly canaries = this.book.canaries;
  readonly failures: ProbeFailures;
  readonly tracker = new VersionTracker();
  readonly rules = JUDGED_RULES.filter((p) => p.judge === 'probe').map((p) => p.rule as JudgedRule);
  readonly containers: string[];
  readonly alerts: string[];
  readonly wanted: Source[];
  private lastRedelivered: number | null = null;
  private canarySeq = 0;
  /** Every alert seen firing during the run (its state is followed from then on). */
  private readonly seenAlerts = new Set<string>();
  private readonly lastSeen = new Map<string, number | null>();

  private readonly mongo: ProbeMongo;

  constructor(readonly data: RunData) {
    this.failures = new ProbeFailures(data);
    this.mongo = new ProbeMongo(this.failures);
    const names = new Set<string>();
    PLAN.faults.forEach((f) => names.add(f.target));
    this.rules.forEach((rule) => {
      if (rule.kind === 'container') names.add(rule.container);
    });
    this.containers = Array.from(names);
    this.alerts = this.rules.map((rule) => (rule.kind === 'alert' ? rule.alert : '')).filter((a) => a !== '');
    const wanted = new Map<string, Source>();
    for (const pm of Object.keys(PROBE_METRICS).map((k) => PROBE_METRICS[k])) {
      const key = `metric:${pm.source}:${pm.aggregate}`;
      wanted.set(key, { name: key, source: pm.source, from: pm.from, aggregate: pm.aggregate });
    }
    this.wanted = Array.from(wanted.values());
  }

  /** A version seen in MongoDB, into the run's history (only changes per key: repeats add nothing). */
  private observed(probe: string, key: string, version: number | null, atMs: number): void {
    this.lastSeen.set(key, version);
    recordHistory(this.data.runId, {
      event: 'observe',
      ms: Date.now(),
      probe,
      key,
      version,
      at_ms: atMs,
    });
  }

  /** One moment's measurements: into the run's history, and the live series that decide when observation may end. */
  private sample(values: Record<string, number>): void {
    // Nothing measured is nothing to record (a container whose state could not be read is left out, not 0).
    if (Object.keys(values).length === 0) return;
    const at = offsetNow(this.data);
    addSample(this.series, at, values);
    recordHistory(this.data.runId, { event: 'sample', ms: Date.now(), at_ms: at, values });
  }

  writeCanary(): void {
    const id = `${this.data.runId}-canary-${++this.canarySeq}`;
    const ms = Date.now();
    this.book.attempted(offsetNow(this.data));
    const write = {
      event: 'write' as const,
      ms,
      vu: __VU,
      table: 'customers',
      key: id,
      op: 'insert' as const,
      version: 1,
    };
    try {
      pg().queryWithTimeout(
        '5s',
        "insert into customers (id, run_id, version, email, status, balance) values ($1, $2, 1, $3, 'canary', 0)",
        id,
        this.data.runId,
        `${id}@chaos.test`,
      );
      const done = Date.now();
      const at = done - this.data.epochMs;
      this.book.written(id, at);
      recordHistory(this.data.runId, { ...write, done, at_ms: at, result: 'ok' });
      this.failures.ok('canary_write');
    } catch (e) {
      const message = (e as Error).message;
      recordHistory(this.data.runId, {
        ...write,
        done: Date.now(),
        result: classifyWriteError(message) === 'failed' ? 'fail' : 'info',
      });
      this.failures.failed('canary_write', message, renewPg);
    }
  }

  /** Looks pending canaries up (canaries.ts says which); a failed lookup is not measured, tried again next tick. */
  pollCanaries(all = false): void {
    // find, not findOne: xk6-mongo's findOne throws and logs on every miss.
    const lookup = (id: string): boolean | null => {
      const found = this.mongo.find('canary_read', 'customers', { _id: id }, 1);
      return found === null ? null : found.length > 0;
    };
    for (const c of this.book.poll(offsetNow(this.data), lookup, all)) {
      m.e2eLatency.add((c.visibleMs as number) - c.writtenMs);
      this.observed('canary_read', c.id, 1, c.visibleMs as number);
    }
  }

  consumer(): void {
    const health = http.get(`${CONFIG.consumerUrl}/health`, HTTP);
    const up = health.status === 200 ? 1 : 0;
    m.consumerUp.add(up);
    this.sample({ health: up });
    const res = http.get(`${CONFIG.consumerUrl}/metrics`, HTTP);
    if (res.status !== 200 || typeof res.body !== 'string') {
      this.failures.failed('consumer_metrics', httpError(res));
      return;
    }
    this.failures.ok('consumer_metrics');
    const samples = parsePromText(res.body);
    const values = this.sources(samples, 'consumer');
    // Redeliveries: a consumer's own counter if it has one, else the reference consumer's skips of
    // changes already applied (an equal/newer version stored, or the row already deleted).
    const redelivered =
      aggregate(samples, 'cdc_events_redelivered_total', 'sum') ??
      aggregate(samples, 'cdc_events_skipped_total', 'sum', (l) => l.reason === 'stale' || l.reason === 'tombstoned');
    if (redelivered !== null) {
      // Counted as it comes (exactly-once aborts on the first); the sum is increase() of the recorded samples.
      const prev = this.lastRedelivered;
      // The first reading is the baseline (the counter predates the run); a drop is a consumer restart.
      const delta = prev === null ? 0 : redelivered >= prev ? redelivered - prev : redelivered;
      if (delta > 0) m.redeliveries.add(delta);
      this.lastRedelivered = redelivered;
      values.redelivered = redelivered;
    }
    this.sample(values);
  }

  /** The rule sources one scrape (consumer) or query (broker) measured. */
  private sources(samples: PromSample[], from: Source['from']): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.wanted) {
      if (s.from !== from) continue;
      // A labelled counter has no series until its first increment (prom-client, client_golang): absent from a
      // consumer's answered scrape, it is 0 — the reference consumer's cdc_events_failed_total while nothing fails.
      const counter = from === 'consumer' && s.source.endsWith('_total');
      const v = aggregate(samples, s.source, s.aggregate) ?? (counter ? 0 : null);
      if (v !== null) out[s.name] = v;
    }
    return out;
  }

  /**
   * The broker's view of the consumer group (members, lag by committed offset), through Prometheus: measured
   * outside the consumer, so it holds for any consumer and keeps measuring while the consumer's own link is cut.
   */
  broker(): void {
    const query = encodeURIComponent(brokerQuery(CONFIG.consumerGroup));
    const res = http.get(`${CONFIG.prometheusUrl}/api/v1/query?query=${query}`, HTTP);
    if (res.status !== 200) {
      this.failures.failed('broker', httpError(res));
      return;
    }
    this.failures.ok('broker');
    const result =
      (res.json() as { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } }).data
        ?.result ?? [];
    const samples = result.map((r) => ({ name: r.metric.__name__, labels: r.metric, value: Number(r.value[1]) }));
    const values = this.sources(samples, 'broker');
    const lag = aggregate(samples, 'kafka_consumergroup_lag', 'sum');
    if (lag !== null) {
      m.consumerLag.add(lag);
      values.lag = lag;
    }
    this.sample(values);
  }

  /** A container whose state could not be read is left out (unknown), not counted down. */
  containerStates(): void {
    const values: Record<string, number> = {};
    for (const name of this.containers) {
      const probe = `container:${name}`;
      let ok: number;
      try {
        ok = containerHealthy(name) ? 1 : 0;
      } catch (e) {
        this.failures.failed(probe, (e as Error).message);
        continue;
      }
      this.failures.ok(probe);
      m.containerUp.add(ok, { container: name });
      values[probe] = ok;
    }
    this.sample(values);
  }

  pipelineState(): void {
    try {
      const rows = pg().queryWithTimeout(
        '5s',
        "select coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::float8 as lag from pg_replication_slots where slot_type = 'logical'",
      );
      m.slotLag.add(rows.length > 0 ? (rows[0].lag as number) : 0);
      this.failures.ok('slot_lag');
    } catch (e) {
      this.failures.failed('slot_lag', (e as Error).message, renewPg);
    }
    const res = http.get(`${CONFIG.connectUrl}/connectors?expand=status`, HTTP);
    // Connect answering anything is its state; no answer at all is Connect down too (paused, killed) — but counted.
    if (res.status === 0) this.failures.failed('connector', httpError(res));
    else this.failures.ok('connector');
    if (res.status === 200) {
      const all = res.json() as Record<
        string,
        { status?: { connector?: { state?: string }; tasks?: { state?: string }[] } }
      >;
      const running = Object.keys(all).every((k) => {
        const st = all[k].status;
        return st?.connector?.state === 'RUNNING' && (st.tasks ?? []).every((t) => t.state === 'RUNNING');
      });
      m.connectorRunning.add(running && Object.keys(all).length > 0 ? 1 : 0);
    } else {
      m.connectorRunning.add(0);
    }
  }

  /** Row changes on the harness tables (cumulative), for the report's writes/s. */
  writes(): void {
    try {
      const rows = pg().queryWithTimeout(
        '5s',
        "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::float8 as n from pg_stat_user_tables where schemaname = 'public' and relname in ('customers', 'orders')",
      );
      if (rows.length > 0) this.sample({ writes: rows[0].n as number });
      this.failures.ok('writes');
    } catch (e) {
      this.failures.failed('writes', (e as Error).message, renewPg);
    }
  }

  /** Every alert Prometheus has firing: the expected ones for the rules, all of them for the baseline check. */
  alertStates(): void {
    const res = http.get(`${CONFIG.prometheusUrl}/api/v1/alerts`, HTTP);
    if (res.status !== 200) {
      this.failures.failed('alerts', httpError(res));
      return;
    }
    this.failures.ok('alerts');
    const firing = new Set<string>();
    for (const a of (res.json() as { data?: { alerts?: { labels?: { alertname?: string }; state?: string }[] } }).data
      ?.alerts ?? []) {
      if (a.state === 'firing' && a.labels?.alertname) firing.add(a.labels.alertname);
    }
    const values: Record<string, number> = { alerts: firing.size };
    firing.forEach((a) => this.seenAlerts.add(a));
    const followed = new Set<string>(this.alerts);
    this.seenAlerts.forEach((a) => followed.add(a));
    for (const name of Array.from(followed)) {
      const v = firing.has(name) ? 1 : 0;
      m.alertFiring.add(v, { alertname: name });
      values[`alert:${name}`] = v;
    }
    this.sample(values);
  }

  hotRows(): void {
    if (this.data.hotKeys.length === 0) return;
    // By key: the load's updates change a hot row's status, so it is 'hot' only until its first update.
    const docs = this.mongo.find('hot_rows', 'customers', { _id: { $in: this.data.hotKeys } }, 0);
    if (docs === null) return;
    for (const d of docs) {
      const key = typeof d.id === 'string' ? d.id : String(d._id);
      const version = typeof d.version === 'number' ? d.version : null;
      const at = offsetNow(this.data);
      // Only changes are recorded, and only they are judged: the count is the history's (versionRegressions).
      if (this.lastSeen.get(key) === version) continue;
      this.observed('hot_rows', key, version, at);
      const v = this.tracker.observe(key, version, at);
      if (v) {
        m.outOfOrder.add(1, { table: 'customers' });
        journal(this.data.runId, 'order_violation', {
          key: v.key,
          from_version: v.fromVersion,
          to_version: v.toVersion,
          at_ms: v.atMs,
        });
      }
    }
  }

  private readonly seriesOf = (name: string): Sample[] => this.series[name] ?? [];

  /**
   * Observation can end before the last window closes: the timeline is over, every rule is decided
   * and every canary was seen (so recovery, resilience and latency are what a longer look would give).
   */
  decided(nowMs: number): boolean {
    return (
      nowMs >= PLAN.timeline.totalMs &&
      this.canaries.every((c) => c.visibleMs !== null) &&
      this.rules.every((rule) => decideRule(rule, PLAN.timeline, this.seriesOf, nowMs) !== undefined)
    );
  }

  /** What the judgement reads: this VU's own events and the faults' times (the run's history; as planned if unreadable). */
  private history(): HistoryEvent[] {
    let faults: HistoryEvent[] = [];
    try {
      faults = readEvents(this.data.runId, ['fault_start', 'fault_end']);
    } catch (e) {
      journal(this.data.runId, 'probe_error', { probe: 'history', error: (e as Error).message });
    }
    return faults.concat(keptHistory()).sort((a, b) => a.ms - b.ms);
  }

  /** Judges the window rules and emits per-fault timings once observation is over, from the history. */
  finish(): void {
    const until = offsetNow(this.data);
    journal(this.data.runId, 'observation_end', { until_ms: until });
    this.failures.close();
    const j = judgeProbes({
      timeline: PLAN.timeline,
      faults: PLAN.faults,
      rules: this.rules,
      canaryTimeoutMs: SCENARIO.slo.canaryTimeoutMs,
      history: this.history(),
      untilMs: until,
    });
    for (const { rule, result, measured } of j.rules) {
      m.rulesEvaluated.add(1);
      // Not one observation in its window: the probe never measured it, which says nothing about the pipeline.
      if (measured) m.validation.add(result.pass, { rule: rule.id });
      else this.unknown(rule.id, result.detail);
      journal(this.data.runId, 'rule', {
        rule: rule.id,
        judge: 'probe',
        pass: result.pass,
        observed: result.observed,
        detail: measured ? result.detail : `unknown: ${result.detail}`,
        source: seriesSource(rule),
      });
    }
    if (!this.baselineJudged) this.baselineQuiet();
    for (const t of j.timings) {
      const tags = { action: t.action, target: t.target, fault: t.faultId };
      // Canary lookups failing at the end: what is still pending was never looked at, not lost.
      if (t.recoveryMs === null && j.blind) this.unknown(`recovery:${t.faultId}`, 'canary lookups failing at the end');
      else m.recoveryTime.add(t.recoveryMs ?? t.recoveryLowerBoundMs, tags);
      if (t.detectMs !== null) m.detectTime.add(t.detectMs, tags);
      if (t.lagRecoveryMs !== null) m.lagRecoveryTime.add(t.lagRecoveryMs, tags);
      journal(this.data.runId, 'fault_timing', {
        fault: t.faultId,
        action: t.action,
        target: t.target,
        detect_ms: t.detectMs,
        recovery_ms: t.recoveryMs,
        recovery_lower_bound_ms: t.recoveryLowerBoundMs,
        lag_recovery_ms: t.lagRecoveryMs,
      });
    }
    for (const ok of j.resilience) m.resilienceRate.add(ok);
    if (j.unseen > 0) this.unknown('resilience', `${j.unseen} canary(ies) pending while canary lookups were failing`);
    journal(this.data.runId, 'probe_end', {
      canaries: j.canaries.length,
      visible: canaryLatencies(j.canaries).length,
      order_violations: this.tracker.violations,
      redeliveries: j.redeliveries,
    });
  }

  /** A measurement the probe could not make: counted (its own threshold names it), journaled, never a failed pipeline. */
  private unknown(measurement: string, detail: string): void {
    m.probeUnknown.add(1, { measurement });
    journal(this.data.runId, 'probe_unknown', { measurement, detail });
  }

  readonly baselinePhase = baselinePhase(PLAN.timeline);
  baselineJudged = false;

  /** Judged as soon as the baseline is over (an empty Rate would pass: the probe must not need to live on for it). */
  baselineQuiet(): void {
    this.baselineJudged = true;
    const { pass, detail } = baselineQuiet(PLAN.timeline, this.series);
    m.baselineQuiet.add(pass);
    journal(this.data.runId, 'rule', { rule: 'baseline_no_alerts', judge: 'probe', pass, detail });
  }
}

export function probeVu(data: RunData): void {
  keepHistory();
  const probe = new Probe(data);
  const endMs = observationEndMs(
    JUDGED_RULES.map((p) => p.rule),
    PLAN.timeline,
  );
  // Once a second each, on ticks of their own, so no tick carries them all and canary lookups stay TICK_MS apart.
  const perSecond = [
    () => probe.hotRows(),
    () => probe.consumer(),
    () => probe.broker(),
    () => probe.writes(),
    () => probe.containerStates(),
    // An alert rule's alert may fire for a few seconds only (a stall that ends with its fault): looked at every second.
    ...(probe.alerts.length > 0 ? [() => probe.alertStates()] : []),
  ];
  const ticksPerSecond = Math.round(1000 / TICK_MS);
  let nextSlow = 0;
  const maxTicks = Math.ceil(endMs / TICK_MS) + 10_000;
  for (let i = 0; i < maxTicks && offsetNow(data) < endMs; i++) {
    const now = offsetNow(data);
    if (now < PLAN.timeline.totalMs && probe.book.due(now)) probe.writeCanary();
    probe.pollCanaries();
    const slot = i % ticksPerSecond;
    if (slot < perSecond.length) perSecond[slot]();
    // Every baseline observation exists once the baseline is over.
    if (!probe.baselineJudged && now > probe.baselinePhase.endMs) probe.baselineQuiet();
    if (slot === perSecond.length + 1 && now >= nextSlow) {
      nextSlow = now + 5000;
      probe.pipelineState();
      if (probe.alerts.length === 0) probe.alertStates(); // the baseline check's: no alert fired
    }
    if (probe.decided(offsetNow(data))) break;
    renewLeases(data.runId); // the run's lock, while the run lives (throttled)
    // To the next tick: the work above is part of it, so lookups stay TICK_MS apart (the recovery resolution).
    sleep(Math.max(0, Math.min(now + TICK_MS, endMs) - offsetNow(data)) / 1000);
  }
  // One last look for canaries the pipeline delivered at the very end.
  probe.pollCanaries(true);
  probe.finish();
  flushHistory();
}

function httpError(res: { status: number; error: string }): string {
  return res.status === 0 ? res.error || 'no answer' : `HTTP ${res.status}`;
}
