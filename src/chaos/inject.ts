// One `cdc-chaos inject` run: the scenario's own bundle through the project's k6 runtime with
// CHAOS_ONLY=1 (only the chaos VU: same preflight, fault plan, journal and undo-all teardown as a
// full experiment; load and verdicts are the user's own k6 script's). The k6 log — hence the
// journal — goes to a file; this follows the file and echoes it readably while the run goes on.
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runTest } from 'k6-node-runtime/run.js';
import { activeFaults } from './active.js';
import { journalLine, parseJournalLine, readJournal, type JournalEntry } from './journal.js';
import { journalPath } from './paths.js';

export interface InjectOptions {
  script: string;
  scenarioId: string;
  /** -e KEY=VALUE given by the user (CHAOS_TIME_SCALE, CHAOS_SEED, TOXIPROXY_URL, ...). */
  env: Record<string, string>;
  dryRun: boolean;
  journal?: string;
  write: (line: string) => void;
}

export interface InjectResult {
  code: number;
  journal?: string;
  runId?: string;
}

function runIdFor(id: string): string {
  return `inject-${id}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

function describeEntry(e: JournalEntry): string {
  const t = typeof e.actual_ms === 'number' ? `t=${(e.actual_ms / 1000).toFixed(1)}s ` : '';
  const what = [e.action, e.target].filter(Boolean).join(' ');
  const errs = Array.isArray(e.errors) && e.errors.length > 0 ? ` ERRORS: ${e.errors.join('; ')}` : '';
  if (e.event === 'phase_start') return `[chaos] ${t}phase ${String(e.phase)}`;
  return `[chaos] ${t}${e.event}${what ? ` ${what}` : ''}${e.fault ? ` (${e.fault})` : ''}${errs}`;
}

/** Echoes complete new lines of the k6 JSON log file; call until the run ends, then once more. */
function follower(file: string, write: (line: string) => void): () => void {
  let pos = 0;
  let rest = '';
  const buf = Buffer.alloc(64 * 1024);
  return () => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      for (let n = readSync(fd, buf, 0, buf.length, pos); n > 0; n = readSync(fd, buf, 0, buf.length, pos)) {
        pos += n;
        rest += buf.subarray(0, n).toString('utf8');
      }
    } finally {
      closeSync(fd);
    }
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const entry = parseJournalLine(line);
      if (entry) {
        if (entry.event !== 'fault_intent' && entry.event !== 'runner') write(describeEntry(entry));
        continue;
      }
      try {
        const rec = JSON.parse(line) as { level?: string; msg?: string };
        // An exception's JS stack stays in the log file; the terminal gets its message.
        write(
          rec.level === 'error' || rec.level === 'warning'
            ? `${rec.level.toUpperCase()}: ${(rec.msg ?? '').split(/\n\s+at /)[0]}`
            : (rec.msg ?? line),
        );
      } catch {
        write(line);
      }
    }
  };
}

export async function injectScenario(o: InjectOptions): Promise<InjectResult> {
  const runId = o.env.CHAOS_RUN_ID || runIdFor(o.scenarioId);
  // A dry run touches nothing, not even the journal directory: its log goes to a temp file.
  const tmp = o.dryRun ? mkdtempSync(join(tmpdir(), 'cdc-chaos-dry-')) : undefined;
  const logFile = tmp ? join(tmp, 'log.json') : (o.journal ?? journalPath(runId));
  mkdirSync(dirname(logFile), { recursive: true });
  const env: Record<string, string> = {
    ...o.env,
    CHAOS_ONLY: '1',
    CHAOS_RUN_ID: runId,
    ...(o.dryRun ? { CHAOS_DRY_RUN: '1' } : {}),
  };
  if (!o.dryRun) {
    o.write(`cdc-chaos inject: scenario ${o.scenarioId}, run ${runId}, journal ${logFile}`);
    // Who owns the journal: heal leaves a live runner's faults to the runner's own teardown.
    appendFileSync(
      logFile,
      journalLine({
        event: 'runner',
        run_id: runId,
        scenario: o.scenarioId,
        pid: process.pid,
        host: hostname(),
        at: new Date().toISOString(),
      }),
    );
  }
  const echo = follower(logFile, o.write);
  const timer = setInterval(echo, 200);
  let code: number;
  try {
    code = await runTest({
      script: o.script,
      env,
      includeSystemEnv: true,
      quiet: true,
      out: [],
      summaryMode: 'disabled',
      tags: {},
      noThresholds: false,
      noSetup: false,
      noTeardown: false,
      logOutput: `file=${logFile}`,
      logFormat: 'json',
      verbose: false,
      noColor: true,
    });
  } finally {
    clearInterval(timer);
    echo();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  if (o.dryRun) return { code };
  const still = activeFaults(readJournal(logFile).entries);
  if (still.length > 0) {
    o.write(
      `cdc-chaos inject: ${still.length} fault(s) still active after the run (${still.map((f) => f.fault).join(', ')}): run cdc-chaos heal --journal ${logFile}`,
    );
    if (code === 0) code = 1;
  }
  return { code, journal: logFile, runId };
}
