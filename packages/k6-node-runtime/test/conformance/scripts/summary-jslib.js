// jslib k6-summary (served built in): handleSummary printing textSummary framed as k6 frames a summary
// ("\n" + text + "\n\n") and handing its data to the test, or, with SUMMARY_DEFAULT=1, returning nothing so the
// runtime prints its default summary.
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';

const lag = new Trend('cdc_lag', true);
const writes = new Counter('cdc_writes');
export const options = {
  iterations: 3,
  thresholds: { iterations: ['count>0'], cdc_lag: ['p(95)<10'], 'checks{kind:read}': ['rate==1'] },
};
export default function () {
  lag.add(4);
  lag.add(40);
  writes.add(7);
  check(1, { 'row applied': (v) => v === 2 }, { kind: 'read' });
  check(1, { 'no duplicates': (v) => v === 1 }, { kind: 'write' });
}
export function handleSummary(data) {
  if (__ENV.SUMMARY_DEFAULT) return undefined;
  const opts =
    __ENV.SUMMARY_INDENT === undefined ? { indent: '', enableColors: false } : { indent: __ENV.SUMMARY_INDENT };
  return { stdout: '\n' + textSummary(data, opts) + '\n\n', [__ENV.SUMMARY_OUT]: JSON.stringify(data) };
}
