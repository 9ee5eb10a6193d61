// test/lanes.txt, the share-out of the stack-bound test files to npm test's two lanes (scripts/test.sh): a file
// missing from it would never run in CI, a file listed twice would run on both stacks at once.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

interface Entry {
  lane: number;
  file: string;
  seconds: number;
}

const entries: Entry[] = readFileSync(`${root}test/lanes.txt`, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [lane, file, seconds, ...rest] = l.trim().split(/\s+/);
    expect(rest, l).toEqual([]);
    return { lane: Number(lane), file, seconds: Number(seconds) };
  });

const testFiles = (project: string) =>
  readdirSync(`${root}test/${project}`)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${project}/${f}`);

describe('test/lanes.txt', () => {
  it('lists every integration and e2e test file once, in lane 1 or 2, with a measured duration', () => {
    const listed = entries.map((e) => e.file);
    expect([...listed].sort()).toEqual([...testFiles('integration'), ...testFiles('e2e')].sort());
    for (const e of entries) {
      expect([1, 2], e.file).toContain(e.lane);
      expect(e.seconds, e.file).toBeGreaterThan(0);
    }
  });

  it("keeps the package test in lane 2, whose overlay keeps its rebuild from the other CLIs' out/ and dist/", () => {
    expect(entries.find((e) => e.file === 'test/e2e/package.test.ts')?.lane).toBe(2);
  });

  it('shares the measured durations out evenly: neither lane has more than 55 % of them', () => {
    const total = entries.reduce((s, e) => s + e.seconds, 0);
    for (const lane of [1, 2]) {
      const sum = entries.filter((e) => e.lane === lane).reduce((s, e) => s + e.seconds, 0);
      expect(sum / total, `lane ${lane}`).toBeLessThanOrEqual(0.55);
    }
  });
});
