// Reads a fault journal back: the `{"cdc_chaos_journal": {...}}` console lines a bundle writes
// (src/k6/journal.ts), in whichever form the runner persisted them — k6/cdc-chaos
// `--log-format json` (the line is the `msg` of a JSON log record), logfmt text
// (`msg="{\"cdc_chaos_journal\":…}"`), or the bare JSON line. Anything else in the log is skipped;
// a torn last line (runner killed mid-write) is reported, not fatal; so is a line whose content is
// malformed (e.g. an undo that is not a list of operations): it is skipped, named, and the rest is read.
import { readFileSync } from 'node:fs';
import { primitiveProblem, type Primitive } from '../experiment/primitives.js';

export interface JournalEntry {
  event: string;
  run_id: string;
  scenario?: string;
  at?: string;
  fault?: string;
  action?: string;
  target?: string;
  /** fault_intent: the fault's idempotent undo (src/experiment/fault-plan undoAll of that fault). */
  undo?: Primitive[];
  errors?: string[];
  [key: string]: unknown;
}

export interface ParsedJournal {
  entries: JournalEntry[];
  /** 1-based line numbers that looked like journal lines but did not parse (a torn write). */
  torn: number[];
  /** Journal lines that parsed but make no sense (1-based line, why): skipped. */
  bad: { line: number; why: string }[];
}

/** Why a parsed entry cannot be used (heal would act on it), or undefined. */
function entryProblem(e: JournalEntry): string | undefined {
  if (e.fault !== undefined && typeof e.fault !== 'string')
    return `fault must be a string, got ${JSON.stringify(e.fault)}`;
  if (e.errors !== undefined && !Array.isArray(e.errors))
    return `errors must be a list, got ${JSON.stringify(e.errors)}`;
  if (e.event !== 'fault_intent' || !('undo' in e)) return undefined;
  return undoProblem(String(e.fault), e.undo);
}

/** Why a recorded undo (a journal's, or a lease row's in the guard) cannot be run, or undefined. */
export function undoProblem(fault: string, undo: unknown): string | undefined {
  if (!Array.isArray(undo)) return `the undo of ${fault} is ${JSON.stringify(undo)}, not a list of operations`;
  for (const [i, p] of undo.entries()) {
    const why = primitiveProblem(p);
    if (why) return `the undo of ${fault}, operation ${i + 1}: ${why}`;
  }
  return undefined;
}

const KEY = 'cdc_chaos_journal';

function entryOf(v: unknown): JournalEntry | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const inner = (v as Record<string, unknown>)[KEY];
  if (inner === null || typeof inner !== 'object') return undefined;
  const e = inner as Record<string, unknown>;
  return typeof e.event === 'string' && typeof e.run_id === 'string' ? (e as JournalEntry) : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One log line → its journal entry, or undefined (not a journal line, or torn). */
export function parseJournalLine(line: string): JournalEntry | undefined {
  const trimmed = line.trim();
  const whole = tryJson(trimmed);
  const direct = entryOf(whole);
  if (direct) return direct;
  // --log-format json: {"level":"info","msg":"{\"cdc_chaos_journal\":…}",…}
  if (whole && typeof whole === 'object' && typeof (whole as { msg?: unknown }).msg === 'string') {
    return entryOf(tryJson((whole as { msg: string }).msg));
  }
  // logfmt text: msg="…" is a quoted string (JSON-compatible escapes for what the journal contains).
  const m = /\bmsg=("(?:[^"\\]|\\.)*")/.exec(trimmed);
  if (m) {
    const msg = tryJson(m[1]);
    if (typeof msg === 'string') return entryOf(tryJson(msg));
  }
  // Anything else that carries the bare JSON (e.g. a console that prefixes lines).
  const at = trimmed.indexOf(`{"${KEY}"`);
  return at >= 0 ? entryOf(tryJson(trimmed.slice(at))) : undefined;
}

export function parseJournal(text: string): ParsedJournal {
  const entries: JournalEntry[] = [];
  const torn: number[] = [];
  const bad: ParsedJournal['bad'] = [];
  text.split('\n').forEach((line, i) => {
    if (line.indexOf(KEY) < 0) return;
    const e = parseJournalLine(line);
    const why = e && entryProblem(e);
    if (why) bad.push({ line: i + 1, why });
    else if (e) entries.push(e);
    else torn.push(i + 1);
  });
  return { entries, torn, bad };
}

export function readJournal(file: string): ParsedJournal {
  return parseJournal(readFileSync(file, 'utf8'));
}

/** A journal line in the bundle's own bare form (what heal appends to record its repairs). */
export function journalLine(entry: JournalEntry): string {
  return `${JSON.stringify({ [KEY]: entry })}\n`;
}
