// `k6/metrics`: Counter, Gauge, Rate, Trend — k6 internal/js/modules/k6/metrics/metrics.go.
import { inInit, declareMetric, emit, metricErrorsThrow, type MetricType, type Contains } from '../vu/state.js';
import { METRIC_NAME_RE, BAD_NAME_WARNING } from '../vu/builtin-metrics.js';
import { log } from '../vu/console.js';

function make(type: MetricType) {
  return function (this: unknown, name: unknown, isTime?: unknown) {
    if (!new.target) throw new TypeError(`calling ${type} without new is not supported`);
    if (!inInit()) throw new Error('metrics must be declared in the init context');
    const n = String(name);
    if (!METRIC_NAME_RE.test(n)) throw new Error(`Invalid metric name: '${n}'. ${BAD_NAME_WARNING}`);
    const contains: Contains = isTime ? 'time' : 'default';
    declareMetric(n, type, contains);
    Object.defineProperty(this, 'name', { value: n, enumerable: true, writable: false });
    Object.defineProperty(this, 'add', {
      enumerable: true,
      writable: false,
      value: (value: unknown, tags?: Record<string, unknown>) => add(n, value, tags),
    });
  } as unknown as new (name: string, isTime?: boolean) => { readonly name: string; add(v: unknown, tags?: Record<string, unknown>): boolean };
}

function add(name: string, v: unknown, tags?: Record<string, unknown>): boolean {
  if (inInit()) throw new Error('Adding to metrics in the init context is not supported');
  const raise = (msg: string): boolean => {
    if (metricErrorsThrow()) throw new Error(msg);
    log('warning', msg);
    return false;
  };
  if (v === undefined || v === null) return raise('no value was provided');
  let f = Number(v);
  // k6 (metrics.go add): a value that is 0 as a number but truthy — "0", [] — counts as 1
  if (f === 0 && Boolean(v)) f = 1;
  if (Number.isNaN(f)) return raise(`'${String(v)}' is an invalid value for metric '${name}', a number or a boolean value is expected`);
  let t: Record<string, string> | undefined;
  if (tags && typeof tags === 'object') {
    t = {};
    for (const k of Object.keys(tags)) t[k] = String(tags[k]);
  }
  emit(name, f, t);
  return true;
}

export const Counter = make('counter');
export const Gauge = make('gauge');
export const Rate = make('rate');
export const Trend = make('trend');
export default { Counter, Gauge, Rate, Trend };
