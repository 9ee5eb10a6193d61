// The verification scenario (after the timeline): waits for quiescence — PostgreSQL and MongoDB
// agree on row count and version sum for the run, checked every 2 s, with a timeout that is itself
// a finding — then classifies every key from ONE scan per side filtered by run id: PG in keyset
// pages; Mongo one shard per find (src/experiment/shards.ts: the paging FerretDB serves without
// re-reading the run, each page far below xk6-mongo's 30 s per-operation deadline). The documents
// the converged check read are the Mongo side, so the largest read is not done twice. A consumer that lost changes
// never converges: once a sentinel row written after the load is in MongoDB and the group's lag has stayed 0,
// the wait ends without the timeout (drainedAfterSentinel).

import { sleep } from 'k6';
import type { Document } from 'k6/x/mongo';
import { drainedAfterSentinel, type LagReading } from '../experiment/steady-state.js';
import { SHARDS, sameTotals, totalsByShard, totalsOf, type Totals } from '../experiment/shards.js';
import { witnessKey } from '../experiment/fault-plan.js';
import { actualFaults, faultTimes, writeRecords, type HistoryEvent } from '../experiment/history.js';
import { changedDuringFaults, judgeCustomRule, type DuringFaults } from '../experiment/custom-rules.js';
import { classify, type Classification, type FieldValue, type MongoDoc, type PgRow } from '../experiment/verdict.js';
import { COMPARED, TABLES, mongoClient, pg, type Table } from './clients.js';
import { CONFIG, JUDGED_RULES, PLAN, type RunData } from './config.js';
import { awaitFaultProcesses } from './fault-processes.js';
import { insertHarnessRow } from './harness-row.js';
import { readHistory } from './history-store.js';
import { brokerLag } from './steady-state.js';
import { awaitOtherInstances } from './instances.js';
import { journal } from './journal.js';
import { renewLeases } from './lease.js';
import * as m from './metrics.js';

const PAGE = 5000;
const MAX_PAGES = 100_000;

interface PgTruth extends PgRow {
  updatedMs: number;
}

function scanPg(table: Table, runId: string): PgTruth[] {
  const cols = COMPARED[table];
  const out: PgTruth[] = [];
  let after = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    renewLeases(runId); // the run's lock: a long verification must not let it lapse (throttled)
    const rows = pg().queryWithTimeout(
      '120s',
      `select id, version, ${cols.join(', ')}, (extract(epoch from updated_at) * 1000)::float8 as updated_ms from ${table} where run_id = $1 and id > $2 order by id limit ${PAGE}`,
      runId,
      after,
    );
    for (const r of rows) {
      const fields: Record<string, FieldValue> = {};
      for (const c of cols) fields[c] = r[c] as FieldValue;
      out.push({ key: r.id as string, version: r.version as number, fields, updatedMs: r.updated_ms as number });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id as string;
  }
  return out;
}

function docKey(d: Document): string {
  return typeof d.id === 'string' ? d.id : String(d._id);
}

type MongoScan = Record<Table, Document[]>;

/** What the verdict reads of a document (docKey, totalsOf, toMongoDocs): the rest of it (the consumer's own
 *  fields, timestamps) is not decoded, copied across the bridge or kept. */
const PROJECTION: Record<Table, Record<string, 1>> = Object.fromEntries(
  TABLES.map((t) => [t, Object.fromEntries(['_id', 'id', 'version', ...COMPARED[t]].map((f) => [f, 1]))]),
) as Record<Table, Record<string, 1>>;

/** One page of the run's documents: those of one shard. */
function fetchShard(table: Table, runId: string, shard: number): Document[] {
  renewLeases(runId);
  return mongoClient().findWithOptions(
    CONFIG.mongoDb,
    table,
    { run_id: runId, shard },
    { projection: PROJECTION[table] },
  );
}

function scanMongo(table: Table, runId: string): Document[] {
  const out: Document[] = [];
  for (let s = 0; s < SHARDS; s++) for (const d of fetchShard(table, runId, s)) out.push(d);
  return out;
}

function toMongoDocs(table: Table, docs: Document[]): MongoDoc[] {
  const cols = COMPARED[table];
  return docs.map((d) => {
    const fields: Record<string, FieldValue> = {};
    for (const c of cols) fields[c] = d[c] === undefined ? null : (d[c] as FieldValue);
    return { key: docKey(d), version: typeof d.version === 'number' ? d.version : null, fields };
  });
}

function pgTotals(table: Table, runId: string): Totals[] {
  const rows = pg().queryWithTimeout(
    '30s',
    `select shard, count(*)::float8 as n, coalesce(sum(version), 0)::float8 as v from ${table} where run_id = $1 group by shard`,
    runId,
  );
  return totalsByShard(rows.map((r) => ({ shard: r.shard as number, n: r.n as number, v: r.v as number })));
}

/** Count and version sum of the run's rows, shard by shard: equal everywhere ⇒ the pipeline has caught
 *  up, and the documents read are returned for the verdict; null = not yet. */
function converged(runId: string): MongoScan | null {
  const truth = {} as Record<Table, Totals[]>;
  const scan = {} as MongoScan;
  for (const table of TABLES) {
    truth[table] = pgTotals(table, runId);
    scan[table] = [];
  }
  // Shard-major, and the first shard still behind ends the poll: while the pipeline catches up a poll
  // costs about one page per table, not the run (countDocuments would not be cheaper: FerretDB counts by
  // reading every document).
  for (let s = 0; s < SHARDS; s++) {
    for (const table of TABLES) {
      const page = fetchShard(table, runId, s);
      if (!sameTotals(truth[table][s], totalsOf(page))) return null;
      for (const d of page) scan[table].push(d);
    }
  }
  return scan;
}

interface Sentinel {
  key: string;
  shard: number;
}

/** A row written after the load's last write (drainedAfterSentinel); null if it could not be written. */
function writeSentinel(runId: string): Sentinel | null {
  const key = `${runId}-sentinel`;
  try {
    return { key, shard: insertHarnessRow(runId, key, 1, 'sentinel') as number };
  } catch (e) {
    journal(runId, 'sentinel_error', { error: (e as Error).message });
    return null;
  }
}

function sentinelApplied(runId: string, s: Sentinel): boolean {
  return (
    mongoClient().find(CONFIG.mongoDb, 'customers', { run_id: runId, shard: s.shard, _id: s.key }, null, 1).length > 0
  );
}

/** The converged scan, or null: timed out (a finding of its own), or drained without converging (the consumer
 *  consumed and committed every change and MongoDB still disagrees: the verdict says what is wrong). */
function waitForQuiescence(data: RunData): MongoScan | null {
  const started = Date.now();
  const timeout = CONFIG.quiescenceTimeoutMs;
  // Written at the first poll that finds the sides apart: a run that has already converged is not held up by it.
  let sentinel: Sentinel | null | undefined;
  let seenMs: number | null = null;
  const lags: LagReading[] = [];
  let lastError = '';
  for (let i = 0; i < 100_000 && Date.now() - started < timeout; i++) {
    try {
      const scan = converged(data.runId);
      if (scan) {
        m.convergenceTime.add(Date.now() - started);
        return scan;
      }
      if (sentinel === undefined) sentinel = writeSentinel(data.runId);
      if (sentinel && seenMs === null && sentinelApplied(data.runId, sentinel)) seenMs = Date.now();
      if (seenMs !== null) {
        lags.push({ atMs: Date.now(), lag: brokerLag(3_000) });
        if (drainedAfterSentinel(lags, seenMs)) {
          journal(data.runId, 'drained_not_converged', {
            waited_ms: Date.now() - started,
            sentinel_seen_ms: seenMs - started,
          });
          return null;
        }
      }
    } catch (e) {
      lastError = (e as Error).message;
    }
    renewLeases(data.runId);
    sleep(2);
  }
  m.quiescenceTimeouts.add(1);
  journal(data.runId, 'quiescence_timeout', { timeout_ms: timeout, last_error: lastError || undefined });
  return null;
}

function emit(table: Table, c: Classification): void {
  const tags = { table };
  m.lost.add(c.counts.lost, tags);
  m.stale.add(c.counts.stale, tags);
  m.resurrected.add(c.counts.resurrected, tags);
  m.phantom.add(c.counts.phantom, tags);
  m.duplicates.add(c.counts.duplicated, tags);
  m.eventsLost.add(c.counts.lost, tags);
  m.rowsVerified.add(c.keys, tags);
}

/** What became of each fault's witness rows (faults/types.ts WitnessWrite): the finding they were written to show. */
function witnessVerdicts(runId: string, c: Classification): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of PLAN.witnesses) {
    const key = witnessKey(runId, w);
    out[key] = c.problems.get(key)?.verdict ?? 'ok';
  }
  return out;
}

export function verifyVu(data: RunData): void {
  const started = Date.now();
  m.chaosPhase.add(PLAN.timeline.phases.length + 1);
  journal(data.runId, 'verification_start', {});
  // A split run: the other instances' writes must all be in before the run is read.
  const absent = awaitOtherInstances(data.runId, data.instance, () => renewLeases(data.runId));
  if (absent > 0) {
    m.verdictIncomplete.add(absent, { part: 'instances' });
    journal(data.runId, 'instances_missing', { missing: absent, of: data.instance.count });
  }
  const waitedFrom = Date.now();
  const running = awaitFaultProcesses(CONFIG.quiescenceTimeoutMs, () => renewLeases(data.runId));
  if (Date.now() - waitedFrom >= 1000 || running.length > 0)
    journal(data.runId, 'fault_processes_waited', { waited_ms: Date.now() - waitedFrom, still_running: running });
  if (running.length > 0) m.verdictIncomplete.add(running.length, { part: 'fault_running' });
  const converged = waitForQuiescence(data);
  const quiet = converged !== null;
  const results: Record<string, Classification> = {};
  const duringFaults: Record<string, DuringFaults> = {};
  // The run's history (every load writer has stopped by now): what was acknowledged, failed or never
  // written, what the probes saw, and when the faults really were in effect.
  let history: HistoryEvent[] = [];
  try {
    history = readHistory(data.runId);
  } catch (e) {
    journal(data.runId, 'history_error', { error: (e as Error).message });
  }
  const faults = actualFaults(PLAN.faults, faultTimes(history));
  for (const table of TABLES) {
    const truth = scanPg(table, data.runId);
    const c = classify(truth, toMongoDocs(table, converged ? converged[table] : scanMongo(table, data.runId)), {
      history: writeRecords(history, table),
    });
    results[table] = c;
    emit(table, c);
    const findings: Record<string, number> = {};
    c.problems.forEach((p) => {
      if (p.why) findings[p.why] = (findings[p.why] ?? 0) + 1;
    });
    if (Object.keys(findings).length > 0) journal(data.runId, 'history_findings', { table, findings });
    const changed = changedDuringFaults(truth, data.epochMs, faults);
    duringFaults[table] = { changed: changed.length, bad: changed.filter((r) => c.problems.has(r.key)).length };
    journal(data.runId, 'verdict', {
      table,
      keys: c.keys,
      counts: c.counts,
      examples: c.examples,
      changed_during_faults: duringFaults[table],
      ...(table === 'customers' && PLAN.witnesses.length > 0 ? { witnesses: witnessVerdicts(data.runId, c) } : {}),
    });
  }
  for (const { rule } of JUDGED_RULES) {
    if (rule.kind !== 'custom') continue;
    const { pass, detail } = judgeCustomRule(rule, TABLES, results, duringFaults, quiet);
    m.validation.add(pass, { rule: rule.id });
    m.rulesEvaluated.add(1);
    journal(data.runId, 'rule', { rule: rule.id, judge: 'verify', pass, detail });
  }
  m.verified.add(1);
  m.verificationTime.add(Date.now() - started);
  // The load's acknowledged writes the verdict was judged on, from every instance: their cdc_writes add up to it
  // (not setup's hot rows, VU 0, nor the probes' canaries).
  const canary = `${data.runId}-canary-`;
  const loadWrites = history.filter(
    (e) => e.event === 'write' && e.result === 'ok' && e.vu !== 0 && !String(e.key).startsWith(canary),
  ).length;
  journal(data.runId, 'verification_end', { load_writes_ok: loadWrites });
}
