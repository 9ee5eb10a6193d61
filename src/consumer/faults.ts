// CONSUMER_FAULT: test-only switch that makes the reference consumer break exactly one guarantee, so the
// harness's experiments can prove they catch a bad consumer. Never set it outside a test.
export const CONSUMER_FAULTS = {
  /** Commits the batch's offsets BEFORE writing it to MongoDB. Breaks at-least-once: a crash between
   *  commit and write (e.g. SIGKILL while MongoDB is down) loses the committed-but-unwritten changes. */
  'commit-before-write': 'offsets committed before the MongoDB write (crash ⇒ lost changes)',
  /** Creates/snapshot reads are plain inserts with `_id` = row id (no upsert). Breaks idempotency: a
   *  redelivered create hits a duplicate-key error that is retried forever, so the partition stalls. */
  'blind-insert': 'creates are plain inserts (redelivered create ⇒ duplicate key ⇒ partition stalls)',
  /** A failed MongoDB write is logged, counted and skipped; the offsets are committed anyway. Breaks
   *  "no event dropped": changes consumed while MongoDB is unavailable are lost. */
  'drop-on-error': 'failed writes are skipped and committed (MongoDB outage ⇒ lost changes)',
  /** Never restarts the Kafka consumer after it crashes (kafkajs restartOnFailure off, no supervisor
   *  restart). Breaks reconnection: after a Kafka partition the consumer stays dead and lag grows. */
  'no-reconnect': 'no restart after a Kafka crash (partition ⇒ consumer stays down)',
  /** Writes every change unconditionally (no LSN comparison, tombstones ignored). Breaks newer-wins:
   *  a redelivered older change overwrites a newer value or resurrects a deleted row. */
  'overwrite-older': 'unconditional writes (redelivered old change ⇒ stale value / resurrected row)',
  /** A write that times out (server selection, socket or connect timeout) counts as done: the offsets are
   *  committed. Breaks "no event dropped": a timed-out write may never have happened (a MongoDB outage
   *  times every write out). */
  'timeout-as-success': 'timed-out writes count as written (MongoDB outage ⇒ lost changes)',
  /** Sends only the first command (MAX_OPS_PER_COMMAND writes per collection) of a write step and commits the
   *  whole step. Breaks "no event dropped" only for steps of more rows than that: a backlog after any outage. */
  'partial-batch':
    'only the first command of each write step is sent, the whole step committed (backlog ⇒ lost changes)',
  /** Newer-wins decided by the row's `version` column compared as text, not by source.lsn: "10" < "9". Breaks
   *  newer-wins after many updates of one row: from version 9 to 10 (99 to 100, ...) every update is skipped. */
  'version-as-text': 'newer-wins compares the version column as text (row passing version 10 ⇒ stuck stale)',
  /** Once a batch starts more than LAGGING_AT changes behind the partition's end, each change is written after a
   *  1 s pause (1 change/s). Breaks catching up: after any outage the backlog never drains. */
  'slow-when-lagging': 'crawls (1 change/s) once it lags (outage backlog ⇒ never catches up)',
  /** A deleted row's tombstone blocks every later change of its key, whatever its LSN: the delete is compared by
   *  key, not by position in the log. Breaks re-created keys: a row deleted and inserted again never reappears. */
  'tombstone-forever': "a deleted key's tombstone blocks its later changes (re-created row ⇒ lost)",
} as const;

/** CONSUMER_FAULT=slow-when-lagging: lag (changes) at which it starts to crawl. */
export const LAGGING_AT = 50;

export type ConsumerFault = keyof typeof CONSUMER_FAULTS;

export function parseFault(raw: string | undefined): ConsumerFault | null {
  const v = raw?.trim();
  if (!v || v === 'none') return null;
  if (Object.hasOwn(CONSUMER_FAULTS, v)) return v as ConsumerFault;
  throw new Error(
    `CONSUMER_FAULT=${JSON.stringify(v)} is not one of: none, ${Object.keys(CONSUMER_FAULTS).join(', ')}`,
  );
}
