// The verification scenario (after the timeline): its VUs are readers, each of its own shards (shards.ts
// readerShards): a reader waits for quiescence — PostgreSQL and MongoDB agree on row count and version sum for
// each of its shards, checked every 2 s, with a timeout that is itself a finding — then classifies every key of
// its shards from ONE scan per side filtered by run id and shard: PG in keyset pages; Mongo one shard per find
// (src/experiment/shards.ts: the paging FerretDB serves without re-reading the run, each page far below
// xk6-mongo's 30 s per-operation deadline). The documents the converged check read are the Mongo side, so the
// largest read is not done twice. A key's shard follows from the key, so a reader has all of a key: its row,
// its documents, its history. Readers hand their parts over through PostgreSQL (verify-parts.ts); the first
// merges them into the run's verdict (src/experiment/verdict-parts.ts). A consumer that lost changes never
// converges: once a sentinel row written after the load is in MongoDB and the group's lag has stayed 0, the
// wait ends without the timeout (drainedAfterSentinel).

import { sleep } from 'k6';
import crypto from 'k6/crypto';
import exec from 'k6/execution';
import type { Document } from 'k6/x/mongo';
import { drainedAfterSentinel, type LagReading } from '../experiment/steady-state.js';
import {
  SHARDS,
  readerShards,
  sameTotals,
  shardOfMd5,
  totalsByShard,
  totalsOf,
  type Totals,
} from '../experiment/shards.js';
import { witnessKey } from '../experiment/fault-plan.js';
import { actualFaults, faultTimes, writeRecords, type HistoryEvent } from '../experiment/history.js';
import { changedDuringFaults, judgeCustomRule } from '../experiment/custom-rules.js';
import { classify, type FieldValue, type MongoDoc, type PgRow } from '../experiment/verdict.js';
import {
  mergeParts,
  tablePart,
  type Quiescence,
  type TablePart,
  type VerifyPart,
} from '../experiment/verdict-parts.js';
import { COMPARED, TABLES, mongoClient, pg, type Table } from './clients.js';
import { CONFIG, JUDGED_RULES, PLAN, type RunData } from './config.js';
import { awaitFaultProcesses } from './fault-processes.js';
import { insertHarnessRow } from './harness-row.js';
import { flushHistory, readHistory } from './history-store.js';
import { brokerLag } from './steady-state.js';
import { awaitOtherInstances } from './instances.js';
import { journal } from './journal.js';
import { renewLeases } from './lease.js';
import { beatPart, collectParts, forgetParts, startPart, storePart } from './verify-parts.js';
import * as m from './metrics.js';

const PAGE = 5000;
const MAX_PAGES = 100_000;

/** The run's lock and faults stay leased, and the first reader sees this one at work (both throttled). */
function renew(runId: string): void {
  renewLeases(runId);
  beatPart();
}

interface PgTruth extends PgRow {
  updatedMs: number;
}

/** `shard in (…)` of a reader's shards (small integers of our own, not input), or nothing when it reads them all. */
const shardFilter = (shards: number[]): string =>
  shards.length === SHARDS ? '' : ` and shard in (${shards.join(', ')})`;

function scanPg(table: Table, runId: string, shards: number[]): PgTruth[] {
  const cols = COMPARED[table];
  const out: PgTruth[] = [];
  let after = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    renew(runId); // the run's lock: a long verification must not let it lapse
    const rows = pg().queryWithTimeout(
      '120s',
      `select id, version, ${cols.join(', ')}, (extract(epoch from updated_at) * 1000)::float8 as updated_ms from ${table} where run_id = $1${shardFilter(shards)} and id > $2 order by id limit ${PAGE}`,
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
  renew(runId);
  return mongoClient().findWithOptions(
    CONFIG.mongoDb,
    table,
    { run_id: runId, shard },
    { projection: PROJECTION[table] },
  );
}

function scanMongo(runId: string, shards: number[]): MongoScan {
  const scan = {} as MongoScan;
  for (const table of TABLES) {
    scan[table] = [];
    for (const s of shards) for (const d of fetchShard(table, runId, s)) scan[table].push(d);
  }
  return scan;
}

function toMongoDocs(table: Table, docs: Document[]): MongoDoc[] {
  const cols = COMPARED[table];
  return docs.map((d) => {
    const fields: Record<string, FieldValue> = {};
    for (const c of cols) fields[c] = d[c] === undefined ? null : (d[c] as FieldValue);
    return { key: docKey(d), version: typeof d.version === 'number' ? d.version : null, fields };
  });
}

function pgTotals(table: Table, runId: string, shards: number[]): Totals[] {
  const rows = pg().queryWithTimeout(
    '30s',
    `select shard, count(*)::float8 as n, coalesce(sum(version), 0)::float8 as v from ${table} where run_id = $1${shardFilter(shards)} group by shard`,
    runId,
  );
  return totalsByShard(rows.map((r) => ({ shard: r.shard as number, n: r.n as number, v: r.v as number })));
}

/** Count and version sum of the run's rows in the reader's shards, shard by shard: equal everywhere ⇒ the pipeline
 *  has caught up there, and the documents read are returned for the verdict; null = not yet. */
function converged(runId: string, shards: number[]): MongoScan | null {
  const truth = {} as Record<Table, Totals[]>;
  const scan = {} as MongoScan;
  for (const table of TABLES) {
    truth[table] = pgTotals(table, runId, shards);
    scan[table] = [];
  }
  // Shard-major, and the first shard still behind ends the poll: while the pipeline catches up a poll
  // costs about one page per table, not the run (countDocuments would not be cheaper: FerretDB counts by
  // reading every document).
  for (const s of shards) {
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

const shardOf = (key: string): number => shardOfMd5(crypto.md5(key, 'hex'));

/** A row written after the load's last write (drainedAfterSentinel), by the first reader to need it; null if it
 *  could not be written. */
function writeSentinel(runId: string): Sentinel | null {
  const key = `${runId}-sentinel`;
  try {
    insertHarnessRow(runId, key, 1, 'sentinel', true);
    flushHistory(); // its write is in the history before any reader reads it
    return { key, shard: shardOf(key) };
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

interface Waited {
  scan: MongoScan | null;
  quiescence: Quiescence;
  convergedAtMs?: number;
}

/** The converged scan of the reader's shards; else why not: timed out (a finding of its own), or drained without
 *  converging (the consumer consumed and committed every change and MongoDB still disagrees: the verdict says what
 *  is wrong). */
function waitForQuiescence(data: RunData, shards: number[], reader: number): Waited {
  const started = Date.now();
  const timeout = CONFIG.quiescenceTimeoutMs;
  // Written at the first poll that finds the sides apart: a run that has already converged is not held up by it.
  let sentinel: Sentinel | null | undefined;
  let seenMs: number | null = null;
  const lags: LagReading[] = [];
  let lastError = '';
  for (let i = 0; i < 100_000 && Date.now() - started < timeout; i++) {
    try {
      const scan = converged(data.runId, shards);
      if (scan) return { scan, quiescence: 'converged', convergedAtMs: Date.now() };
      if (sentinel === undefined) sentinel = writeSentinel(data.runId);
      if (sentinel && seenMs === null && sentinelApplied(data.runId, sentinel)) seenMs = Date.now();
      if (seenMs !== null) {
        lags.push({ atMs: Date.now(), lag: brokerLag(3_000) });
        if (drainedAfterSentinel(lags, seenMs)) {
          journal(data.runId, 'drained_not_converged', {
            reader,
            shards,
            waited_ms: Date.now() - started,
            sentinel_seen_ms: seenMs - started,
          });
          return { scan: null, quiescence: 'drained' };
        }
      }
    } catch (e) {
      lastError = (e as Error).message;
    }
    renew(data.runId);
    sleep(2);
  }
  journal(data.runId, 'quiescence_timeout', {
    reader,
    shards,
    timeout_ms: timeout,
    last_error: lastError || undefined,
  });
  return { scan: null, quiescence: 'timeout' };
}

/** One reader's part: its shards read and classified, table by table. */
function readPart(data: RunData, reader: number, readers: number, history: HistoryEvent[]): VerifyPart {
  const shards = readerShards(reader, readers);
  const waited = waitForQuiescence(data, shards, reader);
  const scan = waited.scan ?? scanMongo(data.runId, shards);
  const faults = actualFaults(PLAN.faults, faultTimes(history));
  const witnessKeys = PLAN.witnesses.map((w) => witnessKey(data.runId, w));
  // Which history keys are this reader's: a key's shard is its md5's (schema.sql's trigger), asked once per key.
  const shardOfKey = new Map<string, boolean>();
  const ours = (key: string): boolean => {
    let v = shardOfKey.get(key);
    if (v === undefined) shardOfKey.set(key, (v = shards.indexOf(shardOf(key)) >= 0));
    return v;
  };
  const tables = {} as Record<Table, TablePart>;
  for (const table of TABLES) {
    const truth = scanPg(table, data.runId, shards);
    const records = writeRecords(history, table);
    const c = classify(truth, toMongoDocs(table, scan[table]), {
      history: shards.length === SHARDS ? records : records.filter((w) => ours(w.key)),
    });
    scan[table] = []; // the documents are classified: the rest of the merge does not hold them
    const changed = changedDuringFaults(truth, data.epochMs, faults);
    tables[table] = tablePart(
      c,
      { changed: changed.length, bad: changed.filter((r) => c.problems.has(r.key)).length },
      witnessKeys,
    );
  }
  return {
    reader,
    shards,
    quiescence: waited.quiescence,
    ...(waited.convergedAtMs !== undefined ? { convergedAtMs: waited.convergedAtMs } : {}),
    tables,
  };
}

function emit(table: Table, t: TablePart): void {
  const tags = { table };
  m.lost.add(t.counts.lost, tags);
  m.stale.add(t.counts.stale, tags);
  m.resurrected.add(t.counts.resurrected, tags);
  m.phantom.add(t.counts.phantom, tags);
  m.duplicates.add(t.counts.duplicated, tags);
  m.eventsLost.add(t.counts.lost, tags);
  m.rowsVerified.add(t.keys, tags);
}

/** Before reading: every other instance's writes are in, and the faults' own processes are done. */
function awaitWriters(data: RunData, first: boolean): void {
  const absent = awaitOtherInstances(data.runId, data.instance, () => renew(data.runId));
  if (absent > 0 && first) {
    m.verdictIncomplete.add(absent, { part: 'instances' });
    journal(data.runId, 'instances_missing', { missing: absent, of: data.instance.count });
  }
  const waitedFrom = Date.now();
  const running = awaitFaultProcesses(CONFIG.quiescenceTimeoutMs, () => renew(data.runId));
  if (!first) return;
  if (Date.now() - waitedFrom >= 1000 || running.length > 0)
    journal(data.runId, 'fault_processes_waited', { waited_ms: Date.now() - waitedFrom, still_running: running });
  if (running.length > 0) m.verdictIncomplete.add(running.length, { part: 'fault_running' });
}

/** Readers setup asked for (one if a setup of one's own did not say), but no more than the scenario has VUs (a bundle
 *  of one's own may give it fewer, and a reader that never runs would leave the first waiting for its part). */
function readerCount(data: RunData): number {
  const asked = Number.isInteger(data.verifyReaders) && data.verifyReaders > 0 ? data.verifyReaders : 1;
  const scenarios = (exec.test.options as { scenarios?: Record<string, { vus?: unknown }> }).scenarios;
  const vus = Number(scenarios?.[exec.scenario.name]?.vus);
  return Number.isInteger(vus) && vus > 0 ? Math.min(vus, asked) : asked;
}

export function verifyVu(data: RunData): void {
  // One iteration per VU: its number in this instance is its reader index.
  const reader = exec.scenario.iterationInInstance;
  const readers = readerCount(data);
  if (!data.instance.verifier || reader >= readers) return;
  const first = reader === 0;
  const started = Date.now();
  if (first) {
    m.chaosPhase.add(PLAN.timeline.phases.length + 1);
    journal(data.runId, 'verification_start', { readers });
  }
  startPart(data.runId, reader);
  awaitWriters(data, first);
  // The run's history (every load writer has stopped by now): what was acknowledged, failed or never
  // written, what the probes saw, and when the faults really were in effect.
  let history: HistoryEvent[] = [];
  try {
    history = readHistory(data.runId);
  } catch (e) {
    journal(data.runId, 'history_error', { reader, error: (e as Error).message });
  }
  if (first) storePart(data.runId, readPart(data, reader, readers, history));
  else {
    // Another reader's failure is the first reader's to count; its own still ends the verification unfinished.
    try {
      storePart(data.runId, readPart(data, reader, readers, history));
    } catch (e) {
      storePart(data.runId, { reader, shards: readerShards(reader, readers), error: (e as Error).message });
      throw e;
    }
    return;
  }
  const { parts, missing, errors } = collectParts(data.runId, readers, () => renewLeases(data.runId));
  if (missing > 0) {
    m.verdictIncomplete.add(missing, { part: 'readers' });
    journal(data.runId, 'verification_readers_missing', { missing, of: readers, errors });
  }
  forgetParts(data.runId);
  const merged = mergeParts(parts);
  if (merged.convergedAtMs !== undefined) m.convergenceTime.add(merged.convergedAtMs - started);
  if (merged.quiescence === 'timeout') m.quiescenceTimeouts.add(1);
  const quiet = merged.quiescence === 'converged' && missing === 0;
  for (const table of TABLES) {
    const t = merged.tables[table];
    if (!t) continue;
    emit(table, t);
    if (Object.keys(t.findings).length > 0) journal(data.runId, 'history_findings', { table, findings: t.findings });
    const witnesses = Object.fromEntries(
      PLAN.witnesses.map((w) => witnessKey(data.runId, w)).map((k) => [k, t.witnesses[k] ?? 'ok']),
    );
    journal(data.runId, 'verdict', {
      table,
      keys: t.keys,
      counts: t.counts,
      examples: t.examples,
      changed_during_faults: t.during,
      ...(table === 'customers' && PLAN.witnesses.length > 0 ? { witnesses } : {}),
    });
  }
  const during = Object.fromEntries(Object.entries(merged.tables).map(([t, p]) => [t, p.during]));
  for (const { rule } of JUDGED_RULES) {
    if (rule.kind !== 'custom') continue;
    const { pass, detail } = judgeCustomRule(rule, TABLES, merged.tables, during, quiet);
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
