// A verification read by several VUs at once (src/k6/verify.ts): each reader classifies the keys of its own
// shards — a key's shard follows from the key alone (shards.ts shardOfMd5), so a key's PG row, its documents and
// its history all fall to one reader — and hands over its part as JSON; the first reader merges the parts into
// the run's verdict. Pure: what a part keeps and how parts add up, tested without services.

import type { DuringFaults } from './custom-rules.js';
import { KEY_VERDICTS, type Classification, type KeyVerdict } from './verdict.js';

/** One table's share of the verdict, as one reader found it. */
export interface TablePart {
  counts: Record<KeyVerdict, number>;
  keys: number;
  examples: Record<KeyVerdict, string[]>;
  /** Problems the write history explained, by finding (failed_write, never_inserted, ack_lost). */
  findings: Record<string, number>;
  during: DuringFaults;
  /** Verdicts of the fault witness keys among this part's problems (a witness not listed is ok). */
  witnesses: Record<string, KeyVerdict>;
}

/** How a reader's wait for its shards ended: the two sides agreed, the pipeline drained without them agreeing,
 *  or the quiescence timeout passed. */
export type Quiescence = 'converged' | 'drained' | 'timeout';

export interface VerifyPart {
  reader: number;
  shards: number[];
  quiescence: Quiescence;
  /** Wall-clock ms at which this reader's shards agreed (converged only). */
  convergedAtMs?: number;
  tables: Record<string, TablePart>;
}

export function tablePart(c: Classification, during: DuringFaults, witnessKeys: readonly string[]): TablePart {
  const findings: Record<string, number> = {};
  c.problems.forEach((p) => {
    if (p.why) findings[p.why] = (findings[p.why] ?? 0) + 1;
  });
  const witnesses: Record<string, KeyVerdict> = {};
  for (const k of witnessKeys) {
    const p = c.problems.get(k);
    if (p) witnesses[k] = p.verdict;
  }
  return { counts: { ...c.counts }, keys: c.keys, examples: c.examples, findings, during: { ...during }, witnesses };
}

const WORST: Quiescence[] = ['timeout', 'drained', 'converged'];

export interface MergedVerdict {
  /** The worst of the readers' waits: one reader's timeout is the run's. */
  quiescence: Quiescence;
  /** When the last reader's shards agreed (all converged only). */
  convergedAtMs?: number;
  tables: Record<string, TablePart>;
}

/** The parts added up: counts, keys, findings and changes during faults summed, examples taken in reader order up to
 *  `maxExamples` per verdict (as one classification keeps them), witness verdicts united. */
export function mergeParts(parts: readonly VerifyPart[], maxExamples = 5): MergedVerdict {
  const sorted = [...parts].sort((a, b) => a.reader - b.reader);
  const quiescence = WORST.find((q) => sorted.some((p) => p.quiescence === q)) ?? 'converged';
  const tables: Record<string, TablePart> = {};
  for (const part of sorted) {
    for (const [name, t] of Object.entries(part.tables)) {
      const into = (tables[name] ??= {
        counts: Object.fromEntries(KEY_VERDICTS.map((v) => [v, 0])) as Record<KeyVerdict, number>,
        keys: 0,
        examples: Object.fromEntries(KEY_VERDICTS.map((v) => [v, []])) as unknown as Record<KeyVerdict, string[]>,
        findings: {},
        during: { changed: 0, bad: 0 },
        witnesses: {},
      });
      for (const v of KEY_VERDICTS) {
        into.counts[v] += t.counts[v] ?? 0;
        for (const k of t.examples[v] ?? []) if (into.examples[v].length < maxExamples) into.examples[v].push(k);
      }
      into.keys += t.keys;
      for (const [why, n] of Object.entries(t.findings)) into.findings[why] = (into.findings[why] ?? 0) + n;
      into.during.changed += t.during.changed;
      into.during.bad += t.during.bad;
      Object.assign(into.witnesses, t.witnesses);
    }
  }
  const converged = quiescence === 'converged' && sorted.length > 0;
  return {
    quiescence,
    ...(converged ? { convergedAtMs: Math.max(...sorted.map((p) => p.convergedAtMs ?? 0)) } : {}),
    tables,
  };
}
