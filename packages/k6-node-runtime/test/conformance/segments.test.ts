// Execution segments through the real CLI: the test split into instances as k6-operator runs it
// (`run --execution-segment=i/N --execution-segment-sequence=0,1/N,...,1`), one process each.
// Expected numbers follow k6 v1.8.1's functions (lib/execution_segment.go ExecutionTuple.ScaleInt64
// and the striping of NewExecutionSegmentSequenceWrapper, as used by lib/executor/*.go); the
// tables marked "k6 Test..." are the ones of k6's own tests.
import { describe, it, expect } from 'vitest';
import { run, results, built, type RunResult } from './helpers.js';

interface Line {
  scenario: string;
  iterInTest: number;
  iterInInstance: number;
  vu: number;
  vuInTest: number;
  vusInitialized: number;
  segment?: string;
  sequence?: string;
}

const THIRDS = { seq: '0,1/3,2/3,1', segs: ['0:1/3', '1/3:2/3', '2/3:1'] };
const QUARTERS = { seq: '0,1/4,3/4,1', segs: ['0:1/4', '1/4:3/4', '3/4:1'] };

/** One process per segment of the split, as k6-operator starts them. */
function instances(c: string, split: { seq: string; segs: string[] }, extra: string[] = []): RunResult[] {
  return split.segs.map((seg) =>
    run('segments.js', [
      '-e',
      `CASE=${c}`,
      `--execution-segment=${seg}`,
      `--execution-segment-sequence=${split.seq}`,
      ...extra,
    ]),
  );
}
const lines = (r: RunResult): Line[] => results(r) as Line[];
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const count = (r: RunResult, metric: string): number => r.summary?.metrics[metric]?.values.count ?? 0;

describe.skipIf(!built)('execution segments (k6 run --execution-segment)', () => {
  it('per-vu-iterations: 10 VUs over thirds → 4/3/3 VUs (ScaleInt64), each running all its iterations; VU ids striped', () => {
    const rs = instances('pvu', THIRDS);
    for (const r of rs) expect(r.code).toBe(0);
    const ls = rs.map(lines);
    expect(ls.map((l) => l[0].vusInitialized)).toEqual([4, 3, 3]);
    expect(ls.map((l) => l.length)).toEqual([8, 6, 6]);
    // VU n of the whole test belongs to instance (n-1) mod 3 here; __VU (idInInstance) counts from 1 in each
    expect(ls.map((l) => sorted([...new Set(l.map((x) => x.vuInTest))]))).toEqual([
      [1, 4, 7, 10],
      [2, 5, 8],
      [3, 6, 9],
    ]);
    expect(ls.map((l) => sorted([...new Set(l.map((x) => x.vu))]))).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    // iterationInTest follows the instance's stripe of the whole test (as k6's per-VU executors do): unique, not dense
    expect(ls.map((l) => sorted(l.map((x) => x.iterInTest)))).toEqual([
      [0, 3, 6, 9, 12, 15, 18, 21],
      [1, 4, 7, 10, 13, 16],
      [2, 5, 8, 11, 14, 17],
    ]);
    expect(ls.map((l) => sorted(l.map((x) => x.iterInInstance)))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5],
    ]);
    expect(ls[1][0]).toMatchObject({ segment: '1/3:2/3', sequence: '0,1/3,2/3,1' }); // exec.test.options
  });

  it('shared-iterations: 50 iterations of 5 VUs over 1/4, 1/2, 1/4 → 10/30/10, iterationInTest as k6 TestSharedIterationsGlobalIters; the sum is one unsegmented run', () => {
    const rs = instances('shared', QUARTERS);
    const ls = rs.map(lines);
    expect(ls.map((l) => l.length)).toEqual([10, 30, 10]);
    expect(ls.map((l) => l[0].vusInitialized)).toEqual([1, 3, 1]);
    expect(sorted(ls[0].map((x) => x.iterInTest))).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(sorted(ls[2].map((x) => x.iterInTest))).toEqual([3, 8, 13, 18, 23, 28, 33, 38, 43, 48]);
    // together: every iteration of the whole test exactly once
    expect(sorted(ls.flat().map((x) => x.iterInTest))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const whole = run('segments.js', ['-e', 'CASE=shared']);
    expect(rs.reduce((a, r) => a + count(r, 'iterations'), 0)).toBe(count(whole, 'iterations'));
    expect(count(whole, 'iterations')).toBe(50);
  });

  it('constant-arrival-rate: 20 per 950ms for 1s over 1/4, 1/2, 1/4 → 5/13/4 starts at 47.5ms × the test-wide index (k6 TestConstantArrivalRateGlobalIters)', () => {
    const rs = instances('car', QUARTERS);
    const started = rs.map((r) => count(r, 'iterations') + count(r, 'dropped_iterations'));
    expect(started).toEqual([5, 13, 4]);
    // on a loaded machine a VU may still be busy (that start is dropped): the ones run are a prefix of the stripe
    const want = [
      [1, 6, 11, 16, 21],
      [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20],
      [3, 8, 13, 18],
    ];
    rs.forEach((r, i) =>
      expect(sorted(lines(r).map((x) => x.iterInTest))).toEqual(want[i].slice(0, count(r, 'iterations'))),
    );
    const whole = run('segments.js', ['-e', 'CASE=car']);
    expect(count(whole, 'iterations') + count(whole, 'dropped_iterations')).toBe(started.reduce((a, b) => a + b));
  });

  it('ramping-arrival-rate: 0→20→0 per 950ms over 1/4, 1/2, 1/4 → 4/13/4 (k6 TestRampingArrivalRateGlobalIters)', () => {
    const rs = instances('rar', QUARTERS);
    expect(rs.map((r) => count(r, 'iterations') + count(r, 'dropped_iterations'))).toEqual([4, 13, 4]);
    const want = [
      [1, 6, 11, 16],
      [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20],
      [3, 8, 13, 18],
    ];
    rs.forEach((r, i) =>
      expect(sorted(lines(r).map((x) => x.iterInTest))).toEqual(want[i].slice(0, count(r, 'iterations'))),
    );
  });

  it('ramping-vus: 0→6 VUs over thirds: 2 VUs each, the test-wide VUs 1..6 split between them (striped stage targets)', () => {
    const rs = instances('rvus', THIRDS);
    for (const r of rs) expect(r.code).toBe(0);
    expect(rs.map((r) => r.summary!.metrics.vus_max.values.max)).toEqual([2, 2, 2]);
    expect(rs.map((r) => sorted([...new Set(lines(r).map((x) => x.vuInTest))]))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('a 1-VU scenario runs in exactly one instance; the others skip it (k6 logs it at debug level)', () => {
    const rs = instances('one', THIRDS, ['-v']);
    for (const r of rs) expect(r.code).toBe(0);
    expect(rs.map((r) => lines(r).filter((x) => x.scenario === 'one').length)).toEqual([1, 0, 0]);
    expect(rs.map((r) => lines(r).filter((x) => x.scenario === 'all').length)).toEqual([1, 1, 1]);
    expect(rs[0].stderr).not.toContain('is disabled for segment');
    expect(rs[1].stderr).toContain("Executor 'one' is disabled for segment 1/3:2/3 due to lack of work!");
    expect(rs[2].stderr).toContain("Executor 'one' is disabled for segment 2/3:1 due to lack of work!");
  });

  // k6 validates maxVUs only against preAllocatedVUs (0 allowed); HasWork is GetMaxVUs > 0, so the scheduler skips it.
  it('an arrival-rate scenario with maxVUs 0 has no work: skipped as k6 does (debug line), no iteration dropped, the others run', () => {
    const r = run('segments.js', ['-e', 'CASE=zero', '-v']);
    expect(r.code).toBe(0);
    expect(lines(r).map((x) => x.scenario)).toEqual(['all', 'all', 'all']);
    expect(r.stderr).toContain("Executor 'zero' is disabled for segment 0:1 due to lack of work!");
    expect(count(r, 'dropped_iterations')).toBe(0);
  });

  it('the segment alone (no sequence) is filled around: --execution-segment=50% runs the first half', () => {
    const r = run('segments.js', ['-e', 'CASE=pvu', '--execution-segment=50%']);
    expect(r.code).toBe(0);
    expect(lines(r)[0]).toMatchObject({ vusInitialized: 5, segment: '0:1/2' });
    expect(lines(r)[0].sequence).toBeNull(); // unset: null in exec.test.options, as k6 marshals it
  });

  it('script options executionSegment/executionSegmentSequence work; the flags override them; K6_EXECUTION_SEGMENT is ignored, as in k6', () => {
    const opt = (env: Record<string, string>, args: string[] = []) =>
      run('segment-option.js', [...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...args]);
    expect(results(opt({ SEGMENT: '1/2:1', SEQUENCE: '0,1/2,1' }))).toHaveLength(2);
    expect(
      results(
        opt({ SEGMENT: '1/2:1', SEQUENCE: '0,1/2,1' }, [
          '--execution-segment=0:1/4',
          '--execution-segment-sequence=0,1/4,1',
        ]),
      ),
    ).toHaveLength(1);
    expect(
      results(
        run('segment-option.js', [], { K6_EXECUTION_SEGMENT: '0:1/4', K6_EXECUTION_SEGMENT_SEQUENCE: '0,1/4,1' }),
      ),
    ).toHaveLength(4);
  });

  it.each([
    [['--execution-segment=abc'], 255, "'abc' is not a valid percentage, decimal, fraction or interval value"],
    [['--execution-segment=1x%'], 255, "'1x%' is not a valid percentage"],
    [['--execution-segment=2/3:1/3'], 255, 'segment start(0.67) must be less than its end(0.33)'],
    [['--execution-segment=150%'], 255, "segment end value can't be more than 1 but was 1.50"],
    [
      ['--execution-segment-sequence=0.5'],
      255,
      'at least 2 points are needed for an execution segment sequence, 1 given',
    ],
    [['--execution-segment-sequence=0,2/3,1/3,1'], 255, 'segment start(0.67) must be less than its end(0.33)'],
    [
      ['--execution-segment=1/4:1/2', '--execution-segment-sequence=0,1/3,2/3,1'],
      104,
      "provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1",
    ],
    [['--execution-segment-sequence=0,1/2,1'], 104, "provided segment 0:1 can't be found in sequence 0,1/2,1"],
  ])('%j is refused with k6 wording, exit %i', (args, code, msg) => {
    const r = run('segments.js', ['-e', 'CASE=pvu', ...args]);
    expect(r.code).toBe(code);
    const errors = r.stderr.split('\n').filter((l) => l.includes('level=error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`msg=${JSON.stringify(msg)}`);
    expect(results(r)).toHaveLength(0);
  });

  it('a bad executionSegment in the script options is invalid configuration (exit 104) with k6 wording', () => {
    const r = run('segment-option.js', ['-e', 'SEGMENT=1/2:x']);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain(
      `msg=${JSON.stringify("'x' is not a valid percentage, decimal, fraction or interval value")}`,
    );
  });
});
