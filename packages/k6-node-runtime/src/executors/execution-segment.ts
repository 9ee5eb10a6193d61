// Execution segments (pure), after k6 v1.8.1 lib/execution_segment.go: the `(from, to]` share of
// a test one instance runs, the sequence of all instances' segments, and the striping that
// decides which VUs and iterations of the whole test belong to which instance. Every instance
// computes its share alone from (segment, sequence), so N processes together run exactly what
// one unsegmented run would.
import Fraction from 'fraction.js';

/** `(from, to]`, 0 <= from < to <= 1. */
export interface Segment {
  from: Fraction;
  to: Fraction;
}

const ZERO = new Fraction(0);
const ONE = new Fraction(1);
const length = (s: Segment): Fraction => s.to.sub(s.from);

/** Go big.Rat.RatString: "a/b", or "a" when b is 1. */
export function ratString(r: Fraction): string {
  const n = `${r.s < 0n ? '-' : ''}${r.n}`;
  return r.d === 1n ? n : `${n}/${r.d}`;
}

/** Go big.Rat.FloatString(2): two decimals, halves rounded away from zero. */
function floatString2(r: Fraction): string {
  let q = r.n / r.d;
  let frac = ((r.n % r.d) * 100n) / r.d;
  if ((((r.n % r.d) * 100n) % r.d) * 2n >= r.d) frac++;
  if (frac >= 100n) {
    q++;
    frac -= 100n;
  }
  return `${r.s < 0n ? '-' : ''}${q}.${String(frac).padStart(2, '0')}`;
}

/** Go big.Int.SetString(s, 0) without `_` separators: sign, then decimal, 0x, 0o, 0b or a leading-0 octal. */
function goIntBase0(s: string, signed: boolean): bigint | undefined {
  const m = (
    signed
      ? /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/
      : /^()(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/
  ).exec(s);
  if (!m) return undefined;
  const digits = /^0[0-7]+$/.test(m[2]) ? `0o${m[2].slice(1)}` : m[2];
  const v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/**
 * Go big.Rat.SetString for the forms a segment is written in: a fraction `a/b` (each part a Go
 * integer literal), or a decimal `[+-]d.d[e±n]`. Go also takes hex/binary floats and `_`
 * separators; those are refused here.
 */
function parseGoRat(s: string): Fraction | undefined {
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const a = goIntBase0(s.slice(0, slash), true);
    const b = goIntBase0(s.slice(slash + 1), false);
    return a === undefined || b === undefined || b === 0n ? undefined : new Fraction(a, b);
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2] + (m[3] ?? '');
  let num = BigInt(int === '' ? '0' : int);
  let den = 10n ** BigInt((m[3] ?? '').length);
  const exp = Number(m[4] ?? 0);
  if (Math.abs(exp) > 10_000) return undefined; // far past any meaningful segment; Go gives up on huge exponents too
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den *= 10n ** BigInt(-exp);
  return new Fraction(m[1] === '-' ? -num : num, den);
}

/** k6 stringToRat: `25%`, `0.25` or `1/4`. */
function stringToRat(s: string): Fraction {
  if (s.endsWith('%')) {
    const digits = s.slice(0, -1);
    if (!/^[+-]?\d+$/.test(digits)) throw new Error(`'${s}' is not a valid percentage`);
    return new Fraction(BigInt(digits), 100n);
  }
  const r = parseGoRat(s);
  if (!r) throw new Error(`'${s}' is not a valid percentage, decimal, fraction or interval value`);
  return r;
}

/** k6 NewExecutionSegment: checks 0 <= from < to <= 1 with k6's messages. */
function newSegment(from: Fraction, to: Fraction): Segment {
  if (from.compare(ZERO) < 0) throw new Error(`segment start value must be at least 0 but was ${floatString2(from)}`);
  if (from.compare(to) >= 0)
    throw new Error(`segment start(${floatString2(from)}) must be less than its end(${floatString2(to)})`);
  if (to.compare(ONE) > 0) throw new Error(`segment end value can't be more than 1 but was ${floatString2(to)}`);
  return { from, to };
}

/**
 * k6 NewExecutionSegmentFromString: `from:to` (`1/2:3/4`, `50%:75%`, `0.5:3/4`), or just the end
 * (`1/4` = `0:1/4`); empty is the whole test.
 */
export function parseSegment(text: string): Segment {
  const colon = text.indexOf(':');
  const from = colon === -1 ? ZERO : stringToRat(text.slice(0, colon));
  const to = stringToRat(colon === -1 ? text || '1' : text.slice(colon + 1));
  return newSegment(from, to);
}

/** k6 NewExecutionSegmentSequenceFromString: `r1,r2,...,rn` → (r1,r2], ..., (r{n-1},rn]; empty → none. */
export function parseSequence(text: string): Segment[] | undefined {
  if (text === '') return undefined;
  const points = text.split(',');
  if (points.length < 2)
    throw new Error(`at least 2 points are needed for an execution segment sequence, ${points.length} given`);
  const rats = points.map(stringToRat);
  return rats.slice(1).map((to, i) => newSegment(rats[i], to));
}

/** k6 ExecutionSegment.String (a missing segment is the whole test). */
export const segmentString = (s: Segment | undefined): string =>
  s ? `${ratString(s.from)}:${ratString(s.to)}` : '0:1';

/** k6 ExecutionSegmentSequence.String: the points, comma-separated. */
export const sequenceString = (seq: Segment[]): string =>
  [seq[0].from, ...seq.map((s) => s.to)].map(ratString).join(',');

const sameSegment = (a: Segment | undefined, b: Segment | undefined): boolean =>
  (a?.from ?? ZERO).equals(b?.from ?? ZERO) && (a?.to ?? ONE).equals(b?.to ?? ONE);

/**
 * k6 Options.Validate: with a sequence, the segment (the whole test when unset) must be one of
 * its segments. Returns k6's message, or undefined when fine.
 */
export function segmentNotInSequence(
  segment: Segment | undefined,
  sequence: Segment[] | undefined,
): string | undefined {
  if (!sequence || sequence.some((s) => sameSegment(segment, s))) return undefined;
  return `provided segment ${segmentString(segment)} can't be found in sequence ${sequenceString(sequence)}`;
}

/**
 * Which indexes of the whole test (VUs, iterations) one segment owns: `start`, then every next
 * one `offsets[k % n]` further; the pattern repeats every `lcd` indexes.
 */
export interface Stripe {
  start: number;
  offsets: number[];
  lcd: number;
}

/** The test-wide index of this segment's `local`-th (0-based) index (k6 SegmentedIndex.Next, closed form). */
export function stripedIndex(st: Stripe, local: number): number {
  const n = st.offsets.length;
  let at = Math.floor(local / n) * st.lcd + st.start;
  for (let k = 0; k < local % n; k++) at += st.offsets[k];
  return at;
}

/** Larger cycles would make k6 itself spin for minutes computing the stripes. */
const MAX_LCD = 10_000_000;

/**
 * k6 ExecutionSegmentSequenceWrapper + ExecutionTuple: a full sequence (0 to 1), the index of
 * this instance's segment in it, and every segment's stripe.
 */
export class ExecutionTuple {
  readonly lcd: number;
  private readonly stripes: Stripe[];

  constructor(
    readonly sequence: Segment[],
    readonly index: number,
  ) {
    this.lcd = sequence.reduce((acc, s) => lcm(acc, Number(length(s).d)), 1);
    if (this.lcd > MAX_LCD)
      throw new Error(
        `the execution segment sequence ${sequenceString(sequence)} needs a cycle of ${this.lcd} (more than ${MAX_LCD}): use segments with smaller denominators`,
      );
    this.stripes = stripeAll(sequence, this.lcd);
  }

  get segment(): Segment {
    return this.sequence[this.index];
  }

  /** k6 GetStripedOffsets. */
  stripe(): Stripe {
    return this.stripes[this.index];
  }

  /** k6 ExecutionTuple.ScaleInt64: this segment's share of `value` whole things, in stripe order. */
  scale(value: number): number {
    return this.sequence.length === 1 ? value : scaleFor(this.stripes[this.index], value);
  }

  /**
   * k6 GetNewExecutionTupleFromValue: the sequence re-cut so each segment's length is its share of
   * `value` (segments with no share dropped); undefined when this segment has none.
   */
  forValue(value: number): ExecutionTuple | undefined {
    if (value < 1) return undefined;
    if (value % this.lcd === 0) return this;
    const cut: Segment[] = [];
    let newIndex = -1;
    let prev = 0;
    this.stripes.forEach((st, i) => {
      const share = scaleFor(st, value);
      if (share === 0) return;
      if (i === this.index) newIndex = cut.length;
      cut.push({ from: new Fraction(prev, value), to: new Fraction(prev + share, value) });
      prev += share;
    });
    return newIndex === -1 ? undefined : new ExecutionTuple(cut, newIndex);
  }

  toString(): string {
    return `${segmentString(this.segment)} in ${sequenceString(this.sequence)}`;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** k6 ExecutionSegmentSequenceWrapper.ScaleInt64. */
function scaleFor(st: Stripe, value: number): number {
  let result = Math.floor(value / st.lcd) * st.offsets.length;
  for (let k = 0, i = st.start; i < value % st.lcd; i += st.offsets[k], k++) result++;
  return result;
}

/**
 * k6's striping (NewExecutionSegmentSequenceWrapper): walk the indexes 0..lcd-1 and hand each to
 * the first segment, biggest first, whose share so far is behind its length; then record each
 * segment's first index and the gaps between its indexes (the last gap wraps to the next cycle).
 */
function stripeAll(seq: Segment[], lcd: number): Stripe[] {
  const norm = seq.map((s, i) => ({ num: Number(length(s).n) * (lcd / Number(length(s).d)), i }));
  const order = [...norm].sort((a, b) => b.num - a.num); // Array.sort is stable, like sort.SliceStable
  const taken = order.map(() => 0);
  const indexes: number[][] = seq.map(() => []);
  for (let i = 0; i < lcd; i++) {
    for (let k = 0; k < order.length; k++) {
      const num = taken[k] * lcd;
      const den = order[k].num;
      const q = Math.floor(num / den);
      if (i > q || (i === q && num % den === 0)) {
        taken[k]++;
        indexes[order[k].i].push(i);
        break;
      }
    }
  }
  return indexes.map((ix) => ({
    start: ix[0],
    offsets: ix.map((v, k) => (k + 1 < ix.length ? ix[k + 1] - v : ix[0] + lcd - v)),
    lcd,
  }));
}

/**
 * k6 NewExecutionTuple: the sequence filled to cover 0..1 (around the segment alone when there is
 * no sequence) and the segment's place in it. Call segmentNotInSequence first, as k6 validates
 * the options before building the tuple.
 */
export function newExecutionTuple(segment: Segment | undefined, sequence: Segment[] | undefined): ExecutionTuple {
  let seq: Segment[];
  if (sequence?.length) seq = [...sequence];
  else if (!segment || length(segment).equals(ONE)) return new ExecutionTuple([{ from: ZERO, to: ONE }], 0);
  else seq = [segment];
  if (!seq[0].from.equals(ZERO)) seq.unshift({ from: ZERO, to: seq[0].from });
  if (!seq[seq.length - 1].to.equals(ONE)) seq.push({ from: seq[seq.length - 1].to, to: ONE });
  const index = seq.findIndex((s) => sameSegment(segment, s));
  if (index === -1)
    throw new Error(`couldn't find segment ${segmentString(segment)} in sequence ${sequenceString(seq)}`);
  return new ExecutionTuple(seq, index);
}

/**
 * k6 SegmentedIndex: walks a stripe keeping the count of this segment's items (`scaled`) and the
 * test-wide number of the current one (`unscaled`), both 1-based (0 = before the first).
 */
export class SegmentedIndex {
  scaled = 0;
  unscaled = 0;
  constructor(private readonly st: Stripe) {}

  next(): void {
    this.unscaled +=
      this.scaled === 0 ? this.st.start + 1 : this.st.offsets[(this.scaled - 1) % this.st.offsets.length];
    this.scaled++;
  }

  prev(): void {
    this.unscaled -=
      this.scaled === 1 ? this.st.start + 1 : this.st.offsets[(this.scaled - 2) % this.st.offsets.length];
    this.scaled--;
  }

  /** Moves to the last item whose test-wide number is at most `value`. */
  goTo(value: number): void {
    const { start, offsets, lcd } = this.st;
    const cycles = Math.floor(value / lcd);
    this.scaled = cycles * offsets.length;
    this.unscaled = cycles * lcd + start + 1;
    let k = 0;
    for (let i = start; i < value % lcd; i += offsets[k], k++) {
      this.scaled++;
      this.unscaled += offsets[k];
    }
    if (k > 0) this.unscaled -= offsets[k - 1];
    else if (this.scaled > 0) this.unscaled -= offsets[offsets.length - 1];
    if (this.scaled === 0) this.unscaled = 0;
  }
}
