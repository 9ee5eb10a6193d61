// Which share of a split run this k6 instance is (pure), from the execution segment and sequence k6
// reports in exec.test.options (`from:to` and the sequence's points, as fractions). k6 runs a 1-VU
// scenario — the fault walk, the probes, the verification — in exactly one instance: its striping
// hands the first VU of every scenario to the largest segment of the sequence, the earliest of
// equal ones (lib/execution_segment.go), so that instance is the run's verifier, the others only
// add load. No segment, or the whole test: one instance, the verifier.

export interface Instance {
  /** this instance's segment as k6 prints it, `0:1` for the whole test */
  segment: string;
  /** 0-based place of the segment in the (filled) sequence */
  index: number;
  /** instances in the sequence */
  count: number;
  /** runs the fault plan, the probes and the verification */
  verifier: boolean;
}

export const WHOLE_TEST: Instance = { segment: '0:1', index: 0, count: 1, verifier: true };

type Rat = [number, number];

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function rat(text: string): Rat {
  const m = /^\s*(\d+)(?:\/(\d+))?\s*$/.exec(text);
  if (!m) throw new Error(`cannot read the execution segment point "${text}" (expected a fraction like 1/3)`);
  const n = Number(m[1]);
  const d = m[2] === undefined ? 1 : Number(m[2]);
  const g = gcd(n, d) || 1;
  return [n / g, d / g];
}

const same = (a: Rat, b: Rat): boolean => a[0] === b[0] && a[1] === b[1];
const less = (a: Rat, b: Rat): boolean => a[0] * b[1] < b[0] * a[1];
const width = (from: Rat, to: Rat): Rat => [to[0] * from[1] - from[0] * to[1], to[1] * from[1]];

/** This instance's share, from exec.test.options' executionSegment and executionSegmentSequence. */
export function instanceOf(segmentText: unknown, sequenceText: unknown): Instance {
  if (typeof segmentText !== 'string' || segmentText === '' || segmentText === '0:1') return WHOLE_TEST;
  const [from, to] = segmentText.split(':').map(rat);
  // The sequence filled to cover 0..1 around the segment, as k6's NewExecutionTuple does.
  let points: Rat[] =
    typeof sequenceText === 'string' && sequenceText !== '' ? sequenceText.split(',').map(rat) : [from, to];
  if (!same(points[0], [0, 1])) points = [[0, 1], ...points];
  if (!same(points[points.length - 1], [1, 1])) points = [...points, [1, 1]];
  const index = points.findIndex((p, i) => i + 1 < points.length && same(p, from) && same(points[i + 1], to));
  if (index < 0) throw new Error(`the execution segment ${segmentText} is not in the sequence ${String(sequenceText)}`);
  let largest = 0;
  for (let i = 1; i + 1 < points.length; i++)
    if (less(width(points[largest], points[largest + 1]), width(points[i], points[i + 1]))) largest = i;
  return { segment: segmentText, index, count: points.length - 1, verifier: index === largest };
}

/** The instance in file names and report headings: `2-of-3`. */
export const instanceLabel = (i: Instance): string => `${i.index + 1}-of-${i.count}`;
