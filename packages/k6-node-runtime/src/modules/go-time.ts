// A Go time.Time as k6 scripts see it when an extension returns one (xk6-sql timestamps): not a
// Date; methods are Go's, lower-cased by k6's name mapper; String() gives Go's layout and
// JSON.stringify Go's MarshalJSON (RFC 3339 with nanoseconds). Arithmetic on it yields NaN.
const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

export class GoTime {
  readonly #sec: number; // Unix seconds
  readonly #nsec: number;
  readonly #off: number; // zone offset in seconds
  readonly #zone: string;

  constructor(sec: number, nsec: number, off: number, zone: string) {
    this.#sec = sec;
    this.#nsec = nsec;
    this.#off = off;
    this.#zone = zone;
  }

  /** Wall clock fields in the value's own zone. */
  #wall(): Date {
    return new Date((this.#sec + this.#off) * 1000);
  }
  #offset(colon: boolean): string {
    const o = this.#off;
    return `${o < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(o) / 3600))}${colon ? ':' : ''}${pad(Math.trunc((Math.abs(o) % 3600) / 60))}`;
  }
  #date(): string {
    const w = this.#wall();
    const y = w.getUTCFullYear();
    return `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  }
  #clock(): string {
    const w = this.#wall();
    const frac = this.#nsec ? `.${String(this.#nsec).padStart(9, '0').replace(/0+$/, '')}` : '';
    return `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${frac}`;
  }

  unix(): number {
    return this.#sec;
  }
  unixMilli(): number {
    return this.#sec * 1000 + Math.trunc(this.#nsec / 1e6);
  }
  unixMicro(): number {
    return this.#sec * 1e6 + Math.trunc(this.#nsec / 1e3);
  }
  unixNano(): number {
    return this.#sec * 1e9 + this.#nsec;
  }
  year(): number {
    return this.#wall().getUTCFullYear();
  }
  month(): number {
    return this.#wall().getUTCMonth() + 1;
  }
  day(): number {
    return this.#wall().getUTCDate();
  }
  hour(): number {
    return this.#wall().getUTCHours();
  }
  minute(): number {
    return this.#wall().getUTCMinutes();
  }
  second(): number {
    return this.#wall().getUTCSeconds();
  }
  nanosecond(): number {
    return this.#nsec;
  }
  weekday(): number {
    return this.#wall().getUTCDay();
  }
  isZero(): boolean {
    return this.#sec === -62135596800 && this.#nsec === 0;
  }
  equal(o: GoTime): boolean {
    return this.unixNano() === o.unixNano();
  }
  before(o: GoTime): boolean {
    return this.#sec < o.unix() || (this.#sec === o.unix() && this.#nsec < o.nanosecond());
  }
  after(o: GoTime): boolean {
    return o.before(this);
  }
  /** Go: "2006-01-02 15:04:05.999999999 -0700 MST" (a nameless fixed zone prints its offset). */
  string(): string {
    return `${this.#date()} ${this.#clock()} ${this.#offset(false)} ${this.#zone || this.#offset(false)}`;
  }
  toString(): string {
    return this.string();
  }
  /** Go's MarshalJSON: RFC 3339 with nanoseconds, "Z" for a zero offset. */
  toJSON(): string {
    return `${this.#date()}T${this.#clock()}${this.#off === 0 ? 'Z' : this.#offset(true)}`;
  }
  /** Object.prototype.valueOf would return the object; Go values have no numeric value: NaN. */
  valueOf(): number {
    return NaN;
  }
}
