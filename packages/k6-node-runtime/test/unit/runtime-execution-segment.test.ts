// Execution segments (src/executors/execution-segment.ts, instance-plan.ts, schedule.ts).
// The expected values are the tables of k6 v1.8.1's own tests (lib/execution_segment_test.go,
// lib/executor/*_test.go), named per case, so this runtime splits a test exactly as k6 does.
import { describe, it, expect } from 'vitest';
import {
  parseSegment,
  parseSequence,
  newExecutionTuple,
  segmentNotInSequence,
  segmentString,
  sequenceString,
  stripedIndex,
  SegmentedIndex,
} from '../../src/executors/execution-segment.js';
import {
  planScenario,
  plannedVUs,
  arrivalOffsets,
  scenarioVUs,
  type ScenarioPlan,
} from '../../src/executors/instance-plan.js';
import { validateScenario } from '../../src/executors/options.js';

const tuple = (seg?: string, seq?: string) =>
  newExecutionTuple(
    seg === undefined ? undefined : parseSegment(seg),
    seq === undefined ? undefined : parseSequence(seq),
  );
const plan = (raw: Record<string, unknown>, seg?: string, seq?: string): ScenarioPlan | undefined =>
  planScenario(validateScenario('s', raw), tuple(seg, seq));
/** The test-wide numbers of the first `n` items of a plan's stripe (exec.scenario.iterationInTest). */
const inTest = (p: ScenarioPlan, n: number) => Array.from({ length: n }, (_, i) => stripedIndex(p.iterationStripe, i));

describe('segment and sequence text (k6 TestExecutionSegmentUnmarshalText, TestExecutionSegmentStringSequences)', () => {
  it.each([
    ['0:1', '0:1'],
    ['0.5:0.75', '1/2:3/4'],
    ['1/2:3/4', '1/2:3/4'],
    ['50%:75%', '1/2:3/4'],
    ['2/4:75%', '1/2:3/4'],
    ['75%', '0:3/4'],
    ['', '0:1'],
    ['1/3', '0:1/3'],
    ['1e-1:2.5e-1', '1/10:1/4'],
    ['010/100', '0:2/25'], // Go reads a leading 0 as octal
  ])('%j is %s', (text, want) => {
    expect(segmentString(parseSegment(text))).toBe(want);
  });

  it.each([
    ['125%', "segment end value can't be more than 1 but was 1.25"],
    ['1a5%', "'1a5%' is not a valid percentage"],
    ['1a5', "'1a5' is not a valid percentage, decimal, fraction or interval value"],
    ['1a5%:2/3', "'1a5%' is not a valid percentage"],
    ['125%:250%', "segment end value can't be more than 1 but was 2.50"],
    ['55%:50%', 'segment start(0.55) must be less than its end(0.50)'],
    ['-1/2:1', 'segment start value must be at least 0 but was -0.50'],
    ['1/3:1/3', 'segment start(0.33) must be less than its end(0.33)'],
    ['1/0', "'1/0' is not a valid percentage, decimal, fraction or interval value"],
  ])('%j is refused: %s', (text, msg) => {
    expect(() => parseSegment(text)).toThrow(msg);
  });

  it.each([
    ['0.5,1', ['1/2:1']],
    ['1/2,1', ['1/2:1']],
    ['0,1/3,2/3', ['0:1/3', '1/3:2/3']],
    ['0,1/3,2/3,1', ['0:1/3', '1/3:2/3', '2/3:1']],
    ['0.5,0.7,1', ['1/2:7/10', '7/10:1']],
    ['0,1/13,2/13,1/3,1/2,3/4,1', ['0:1/13', '1/13:2/13', '2/13:1/3', '1/3:1/2', '1/2:3/4', '3/4:1']],
  ])('sequence %j', (text, segments) => {
    const seq = parseSequence(text)!;
    expect(seq.map(segmentString)).toEqual(segments);
  });

  it('the empty sequence is none; bad ones are refused with k6 wording', () => {
    expect(parseSequence('')).toBeUndefined();
    expect(() => parseSequence('0.5')).toThrow(
      'at least 2 points are needed for an execution segment sequence, 1 given',
    );
    for (const bad of ['1,1', '-0.5,1', '1/2,1/2', '1/2,1/3', '0,1,1/2'])
      expect(() => parseSequence(bad), bad).toThrow();
    expect(sequenceString(parseSequence('0,0.25,50%,1')!)).toBe('0,1/4,1/2,1');
  });

  it('the segment must be in the sequence (k6 Options.Validate)', () => {
    const seq = parseSequence('0,1/3,2/3,1');
    expect(segmentNotInSequence(parseSegment('1/3:2/3'), seq)).toBeUndefined();
    expect(segmentNotInSequence(parseSegment('1/4:1/2'), seq)).toBe(
      "provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1",
    );
    expect(segmentNotInSequence(undefined, seq)).toBe("provided segment 0:1 can't be found in sequence 0,1/3,2/3,1");
    expect(segmentNotInSequence(parseSegment('1/4:1/2'), undefined)).toBeUndefined();
  });
});

describe('striping (k6 TestGetStripedOffsets, TestExecutionTupleScale, TestGetNewExecutionTupleBesedOnValue)', () => {
  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3', 0, [4, 3, 3], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.3:0.5', 1, [4, 6], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.5:0.6', 2, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.8:0.9', 8, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0:0.2', 1, [4, 6], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.2,0.5', '0:0.2', 3, [6, 4], 10],
    ['0,0.2,0.5', '0.2:0.5', 1, [4, 2, 4], 10],
    ['0,2/5,4/5', '0:2/5', 0, [3, 2], 5],
    ['0,2/5,4/5', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:0.2', 1, [5], 5],
    ['', '0:1/5', 1, [5], 5],
    ['', '0:2/10', 1, [5], 5],
    ['', '0:0.4', 1, [2, 3], 5],
    ['', '0:2/5', 1, [2, 3], 5],
    ['', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:4/10', 1, [2, 3], 5],
    ['', '1/10:5/10', 1, [2, 2, 4, 2], 10],
  ])('seq %j segment %s: start %i, offsets %j, lcd %i', (seq, seg, start, offsets, lcd) => {
    expect(tuple(seg, seq).stripe()).toEqual({ start, offsets, lcd });
  });

  it('scaling', () => {
    expect([2, 3].map((v) => tuple('0.5').scale(v))).toEqual([1, 2]);
    expect([2, 3].map((v) => tuple('0.5:1.0').scale(v))).toEqual([1, 1]);
    expect([2, 3].map((v) => tuple('0.5', '0,0.5,1').scale(v))).toEqual([1, 2]);
    expect([2, 3].map((v) => tuple('0.5:1.0', '0,0.5,1').scale(v))).toEqual([1, 1]);
    expect(tuple().scale(7)).toBe(7);
  });

  it('every value is split without loss: the shares of all segments add up to it', () => {
    for (const seq of ['0,1/3,2/3,1', '0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0,1/13,2/13,1/3,1/2,3/4,1', '0,1/7,1']) {
      const segs = parseSequence(seq)!.map(segmentString);
      for (let v = 0; v <= 100; v++)
        expect(
          segs.reduce((a, s) => a + tuple(s, seq).scale(v), 0),
          `${seq} ${v}`,
        ).toBe(v);
    }
  });

  it('re-cutting a sequence on a value', () => {
    expect(sequenceString(tuple('0:1/3', '0,1/3,2/3,1').forValue(20)!.sequence)).toBe('0,7/20,7/10,1');
    expect(tuple('1/3:2/3', '0,1/3,2/3,1').forValue(1)).toBeUndefined(); // 1 item: all in the first segment
  });

  it('the test-wide index of each local one', () => {
    const st = tuple('1/4:3/4', '0,1/4,3/4,1').stripe();
    expect(Array.from({ length: 8 }, (_, i) => stripedIndex(st, i))).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(Array.from({ length: 4 }, (_, i) => stripedIndex(tuple().stripe(), i))).toEqual([0, 1, 2, 3]);
  });
});

describe('SegmentedIndex (k6 TestSegmentedIndex "strange": start 1, lcd 7, offsets 4,3)', () => {
  it('next, prev and goTo', () => {
    const s = new SegmentedIndex({ start: 1, offsets: [4, 3], lcd: 7 });
    const at = () => [s.scaled, s.unscaled];
    const seen: number[][] = [];
    for (const step of ['n', 'p', 'n', 'n', 'n', 'p', 'p', 'p', 'n']) {
      if (step === 'n') s.next();
      else s.prev();
      seen.push(at());
    }
    expect(seen).toEqual([
      [1, 2],
      [0, 0],
      [1, 2],
      [2, 6],
      [3, 9],
      [2, 6],
      [1, 2],
      [0, 0],
      [1, 2],
    ]);
    const gone = [6, 5, 7, 8, 9].map((v) => {
      s.goTo(v);
      return at();
    });
    expect(gone).toEqual([
      [2, 6],
      [1, 2],
      [2, 6],
      [2, 6],
      [3, 9],
    ]);
  });
});

describe("each executor's share", () => {
  it('per-vu-iterations: only the VUs are split (10 VUs over thirds → 4/3/3), each runs every iteration', () => {
    const shares = ['0:1/3', '1/3:2/3', '2/3:1'].map((seg) =>
      plan({ executor: 'per-vu-iterations', vus: 10, iterations: 5 }, seg, '0,1/3,2/3,1')!,
    );
    expect(shares.map((p) => [p.vus, p.iterations])).toEqual([
      [4, 5],
      [3, 5],
      [3, 5],
    ]);
  });

  it('shared-iterations: 50 iterations of 5 VUs over 1/4, 1/2, 1/4 (k6 TestSharedIterationsGlobalIters)', () => {
    const seq = '0,1/4,3/4,1';
    const [a, b, c] = ['0:1/4', '1/4:3/4', '3/4:1'].map((seg) =>
      plan({ executor: 'shared-iterations', vus: 5, iterations: 50 }, seg, seq)!,
    );
    expect([a, b, c].map((p) => [p.vus, p.iterations])).toEqual([
      [1, 10],
      [3, 30],
      [1, 10],
    ]);
    expect(inTest(a, 10)).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46]);
    expect(inTest(b, 30)).toEqual([
      0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20, 22, 24, 25, 27, 29, 30, 32, 34, 35, 37, 39, 40, 42, 44, 45, 47, 49,
    ]);
    expect(inTest(c, 10)).toEqual([3, 8, 13, 18, 23, 28, 33, 38, 43, 48]);
  });

  it('a 1-VU scenario lands in exactly one instance (the first of equal segments); the others have no work', () => {
    const seq = '0,1/3,2/3,1';
    const shares = ['0:1/3', '1/3:2/3', '2/3:1'].map((seg) =>
      plan({ executor: 'per-vu-iterations', vus: 1, iterations: 1 }, seg, seq),
    );
    expect(shares.map((p) => p?.vus)).toEqual([1, undefined, undefined]);
    const shared = ['0:1/4', '1/4:3/4', '3/4:1'].map((seg) =>
      plan({ executor: 'shared-iterations', vus: 1, iterations: 3 }, seg, '0,1/4,3/4,1'),
    );
    expect(shared.map((p) => p?.iterations)).toEqual([undefined, 3, undefined]); // the biggest segment takes index 0
  });

  it('constant-vus: the VUs are split', () => {
    expect(
      ['0:1/2', '1/2:1'].map((seg) => plan({ executor: 'constant-vus', vus: 3, duration: '1s' }, seg, '0,1/2,1')!.vus),
    ).toEqual([2, 1]);
  });

  it('constant-arrival-rate: 20 per 950ms for 1s over 1/4, 1/2, 1/4 (k6 TestConstantArrivalRateGlobalIters)', () => {
    const seq = '0,1/4,3/4,1';
    const raw = {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '950ms',
      duration: '1s',
      preAllocatedVUs: 5,
      maxVUs: 5,
    };
    const want = [
      [1, 6, 11, 16, 21],
      [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20],
      [3, 8, 13, 18],
    ];
    ['0:1/4', '1/4:3/4', '3/4:1'].forEach((seg, i) => {
      const p = plan(raw, seg, seq)!;
      const starts = [...arrivalOffsets(p)];
      // starts at 47.5ms × the test-wide index
      expect(starts).toEqual(want[i].map((n) => n * 47.5));
      expect(inTest(p, starts.length)).toEqual(want[i]);
    });
  });

  it('constant-arrival-rate unsegmented: every timeUnit/rate from t=0, none at the end', () => {
    expect([
      ...arrivalOffsets(plan({ executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 1 })!),
    ]).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('ramping-arrival-rate: 0→20→0 per 950ms over 1/4, 1/2, 1/4 (k6 TestRampingArrivalRateGlobalIters)', () => {
    const seq = '0,1/4,3/4,1';
    const raw = {
      executor: 'ramping-arrival-rate',
      timeUnit: '950ms',
      startRate: 0,
      preAllocatedVUs: 4,
      maxVUs: 5,
      stages: [
        { duration: '1s', target: 20 },
        { duration: '1s', target: 0 },
      ],
    };
    const want = [
      [1, 6, 11, 16],
      [0, 2, 4, 5, 7, 9, 10, 12, 14, 15, 17, 19, 20],
      [3, 8, 13, 18],
    ];
    ['0:1/4', '1/4:3/4', '3/4:1'].forEach((seg, i) => {
      const p = plan(raw, seg, seq)!;
      expect(inTest(p, [...arrivalOffsets(p)].length)).toEqual(want[i]);
    });
  });

  it.each([
    [undefined, undefined, undefined, [3162, 4472, 5500, 6527, 7837]],
    ['0:1/3', undefined, undefined, [4472, 7837]],
    ['0:1/3', '0,1/3,1', undefined, [4472, 7837]],
    ['1/3:2/3', undefined, undefined, [4472, 7837]],
    ['0:1/3', '0,1/3,2/3,1', undefined, [3162, 6527]],
    ['2/3:1', '0,1/3,2/3,1', undefined, [5500]],
    [
      undefined,
      undefined,
      '333333333ns',
      [1825, 2581, 3162, 3651, 4082, 4472, 4830, 5166, 5499, 5833, 6169, 6527, 6917, 7348, 7837, 8418, 9174, 10999],
    ],
  ])(
    'ramping-arrival-rate start times, segment %s of %s, timeUnit %s (k6 TestRampingArrivalRateCal)',
    (seg, seq, timeUnit, wantMs) => {
      // maxVUs a multiple of the sequence's cycle: the iterations are striped on the tuple itself, as in k6's table
      const raw = {
        executor: 'ramping-arrival-rate',
        timeUnit: timeUnit ?? '1s',
        startRate: 0,
        preAllocatedVUs: 3,
        maxVUs: 3,
        stages: [
          { duration: '5s', target: 1 },
          { duration: '1s', target: 1 },
          { duration: '5s', target: 0 },
        ],
      };
      // k6's table also lists an event at exactly 11s, the end of the stages: k6 does not start it
      const got = [...arrivalOffsets(planScenario(validateScenario('s', raw), tuple(seg, seq)) as ScenarioPlan)];
      expect(got.length).toBe(wantMs.length);
      got.forEach((t, i) => expect(Math.abs(t - wantMs[i]) / wantMs[i]).toBeLessThan(0.001));
    },
  );

  it('ramping-arrival-rate with too few maxVUs for the segment has no work (k6 TestRampingArrivalRateCornerCase)', () => {
    const raw = {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      preAllocatedVUs: 0,
      maxVUs: 2,
      stages: [{ duration: '1s', target: 1 }],
    };
    expect(plan(raw, '1/5:2/5', '0,1/5,2/5,1')).toBeUndefined();
  });

  // k6 TestRampingVUsExecutionTupleTests
  const rampStages = [
    [2, 6],
    [5, 1],
    [4, 5],
    [4, 1],
    [3, 4],
    [2, 4],
    [0, 1],
    [3, 1],
    [0, 5],
    [3, 5],
    [0, 0],
    [2, 2],
    [2, 0],
    [4, 4],
  ].map(([d, target]) => ({ duration: `${d}s`, target }));
  const ramp = { executor: 'ramping-vus', startVUs: 4, stages: rampStages };
  const steps = (pairs: number[][]) => pairs.map(([s, vus]) => ({ atMs: s * 1000, vus }));
  it.each([
    [
      undefined,
      undefined,
      [
        [0, 4],
        [1, 5],
        [2, 6],
        [3, 5],
        [4, 4],
        [5, 3],
        [6, 2],
        [7, 1],
        [8, 2],
        [9, 3],
        [10, 4],
        [11, 5],
        [12, 4],
        [13, 3],
        [14, 2],
        [15, 1],
        [16, 2],
        [17, 3],
        [18, 4],
        [20, 1],
        [23, 5],
        [26, 0],
        [27, 1],
        [28, 2],
        [29, 1],
        [30, 0],
        [31, 1],
        [32, 2],
        [33, 3],
        [34, 4],
      ],
    ],
    [
      '0:1/3',
      undefined,
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
        [23, 2],
        [26, 0],
        [28, 1],
        [29, 0],
        [32, 1],
      ],
    ],
    [
      '0:1/3',
      '0,1/3,2/3,1',
      [
        [0, 2],
        [5, 1],
        [10, 2],
        [13, 1],
        [18, 2],
        [20, 1],
        [23, 2],
        [26, 0],
        [27, 1],
        [30, 0],
        [31, 1],
        [34, 2],
      ],
    ],
    [
      '1/3:2/3',
      '0,1/3,2/3,1',
      [
        [0, 1],
        [1, 2],
        [4, 1],
        [7, 0],
        [8, 1],
        [11, 2],
        [12, 1],
        [15, 0],
        [16, 1],
        [20, 0],
        [23, 2],
        [26, 0],
        [28, 1],
        [29, 0],
        [32, 1],
      ],
    ],
    [
      '2/3:1',
      '0,1/3,2/3,1',
      [
        [0, 1],
        [2, 2],
        [3, 1],
        [6, 0],
        [9, 1],
        [14, 0],
        [17, 1],
        [20, 0],
        [23, 1],
        [26, 0],
        [33, 1],
      ],
    ],
  ])('ramping-vus steps, segment %s of %s', (seg, seq, want) => {
    const p = plan(ramp, seg, seq)!;
    expect(p.vuSteps).toEqual(steps(want));
    expect(scenarioVUs(p)).toBe(Math.max(...want.map(([, v]) => v)));
  });

  it('planned VUs: overlapping scenarios add up, sequential ones share', () => {
    const a = plan({ executor: 'constant-vus', vus: 3, duration: '1s', gracefulStop: '0s' })!;
    const b = plan({ executor: 'constant-vus', vus: 2, duration: '1s', startTime: '5s' })!;
    const d = plan({ executor: 'constant-vus', vus: 4, duration: '1s' })!;
    expect(plannedVUs([a, b])).toBe(3);
    expect(plannedVUs([a, d])).toBe(7);
  });
});
