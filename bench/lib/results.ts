// One benchmark's findings as data: each bench module returns a Section, the driver (run.ts) keeps the
// last Section of every bench in bench/results/<id>.json and renders all of them into bench/RESULTS.md,
// so one bench can be re-run alone without losing the others' numbers.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // out/bench/lib → repo root
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export interface Row {
  measure: string;
  value: string;
  /** The goal from the issue, if it sets one. */
  goal?: string;
  met?: boolean;
}

export interface Section {
  id: string;
  title: string;
  /** ISO time the bench ran (sections may come from different runs of the driver). */
  at: string;
  rows: Row[];
  /** Free text under the table: method, caveats, where the time goes. */
  notes: string[];
  reproduce: string;
}

export function printSection(s: Section): void {
  console.log(`\n## ${s.title}`);
  for (const r of s.rows)
    console.log(
      `  ${r.measure}: ${r.value}${r.goal ? `  (goal ${r.goal}: ${r.met === undefined ? '—' : r.met ? 'met' : 'MISSED'})` : ''}`,
    );
  for (const n of s.notes) console.log(`  · ${n}`);
  console.log(`  reproduce: ${s.reproduce}`);
}

export function saveSection(s: Section): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${s.id}.json`), `${JSON.stringify(s, null, 2)}\n`);
}

export function loadSections(order: string[]): Section[] {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const all = files.map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as Section);
  const rank = (id: string) => (order.indexOf(id) < 0 ? order.length : order.indexOf(id));
  return all.sort((a, b) => rank(a.id) - rank(b.id));
}

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(sections: Section[], machine: string): string {
  const out = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from bench/results/*.json — do not edit by hand. Each section says when',
    'and how its numbers were taken and the command that re-measures them. Ratios are taken within one run with the',
    'A/B rounds alternated, so the noise of this shared machine cancels out; absolute numbers are only indicative.',
    '',
    `Machine: ${machine}`,
    '',
    '| # | benchmark | measure | value | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  sections.forEach((s, i) => {
    for (const r of s.rows) {
      const mark = r.met === undefined ? '' : r.met ? 'met' : '**missed**';
      out.push(
        `| ${i + 1} | ${cell(s.title)} | ${cell(r.measure)} | ${cell(r.value)} | ${cell(r.goal ?? '')} | ${mark} |`,
      );
    }
  });
  for (const [i, s] of sections.entries()) {
    out.push('', `## ${i + 1}. ${s.title}`, '', `Taken ${s.at}. Reproduce: \`${s.reproduce}\``, '');
    for (const n of s.notes) out.push(`- ${n}`);
  }
  return `${out.join('\n')}\n`;
}
