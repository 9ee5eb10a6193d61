// `k6/metrics`: Counter, Gauge, Rate, Trend — k6 internal/js/modules/k6/metrics/metrics.go.
import { inInit, declareMetric, emit, metricErrorsThrow, type MetricType, type Contains } from '../vu/state.js';
import { METRIC_NAME_RE, BAD_NAME_WARNING } from '../vu/builtin-metrics.js';
import { userTags, UserTagError } from '../vu/user-tags.js';
import { log } from '../vu/console.js';
import { goError } from './go-error.js';
import { goString } from './go-convert.js';

function make(type: MetricType) {
  return function (this: unknown, ...args: unknown[]) {
    if (!new.target) throw new TypeError(`calling ${type} without new is not supported`);
    if (!inInit()) throw goError('metrics must be declared in the init context');
    const n = goString(args[0]);
    if (!METRIC_NAME_RE.test(n)) throw goError(`Invalid metric name: '${n}'. ${BAD_NAME_WARNING}`);
    const contains: Contains = args.length > 1 && Boolean(args[1]) ? 'time' : 'default';
    declareMetric(n, type, contains);
    Object.defineProperty(this, 'name', { value: n, enumerable: true, writable: false, configurable: false });
    Object.defineProperty(this, 'add', {
      enumerable: true,
      writable: true,
      configurable: true,
      value: (...a: unknown[]) => add(n, a),
    });
  } as unknown as new (
    name: string,
    isTime?: boolean,
  ) => { readonly name: string; add(v: unknown, tags?: Record<string, unknown>): boolean };
}

const WARN_VALUE_MAX = 100;

/** k6 limitValue: a value longer than 100 characters is shown as its first and last 50. */
function limitValue(v: string): string {
  const runes = [...v];
  if (runes.length < WARN_VALUE_MAX) return v;
  const half = WARN_VALUE_MAX / 2;
  return `${runes.slice(0, half).join('')}... omitting ${runes.length - WARN_VALUE_MAX} characters ...${runes.slice(runes.length - half).join('')}`;
}

function raise(msg: string): boolean {
  if (metricErrorsThrow()) throw goError(msg);
  log('warning', msg);
  return false;
}

const invalid = (name: string, v: unknown): boolean =>
  raise(`'${limitValue(String(v))}' is an invalid value for metric '${name}', a number or a boolean value is expected`);

function add(name: string, args: unknown[]): boolean {
  if (inInit()) throw goError('Adding to metrics in the init context is not supported');
  if (args.length === 0)
    return raise(`no value was provided for metric '${name}', a number or a boolean value is expected`);
  const v = args[0];
  if (v === null) return invalid(name, v);
  let f = Number(v);
  // k6: a value that is 0 as a number but truthy — "0", [] — counts as 1
  if (f === 0 && Boolean(v)) f = 1;
  if (Number.isNaN(f)) return invalid(name, v);
  let t: Record<string, string> | undefined;
  try {
    t = userTags(args[1]);
  } catch (e) {
    if (e instanceof UserTagError) throw goError(`cannot add tags for the '${name}' custom metric: ${e.message}`);
    throw e;
  }
  emit(name, f, t);
  return true;
}

export const Counter = make('counter');
export const Gauge = make('gauge');
export const Rate = make('rate');
export const Trend = make('trend');
export default { Counter, Gauge, Rate, Trend };
