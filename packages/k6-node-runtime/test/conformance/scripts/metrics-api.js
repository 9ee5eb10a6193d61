// k6/metrics: add() coercion and return values, redeclare rules, isTime.
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const c = new Counter('c_total');
const same = new Counter('c_total'); // same name and type: same metric
const g = new Gauge('g_last');
const r = new Rate('r_ok');
const t = new Trend('t_time', true);
let redeclare = 'no error';
try {
  new Trend('c_total');
} catch (e) {
  redeclare = e.message;
}
let badName = 'no error';
try {
  new Counter('bad name!');
} catch (e) {
  badName = e.message;
}
let addInInit = 'no error';
try {
  c.add(1);
} catch (e) {
  addInInit = e.message;
}
export const options = { iterations: 1 };
export default function () {
  const rets = [c.add(1), same.add(2), c.add(true), c.add('0'), c.add(NaN), c.add(undefined), c.add(false)];
  g.add(3);
  g.add(7);
  g.add(5);
  r.add(true);
  r.add(0);
  r.add('yes');
  r.add(false);
  t.add(12.5);
  console.log(`RESULT ${JSON.stringify({ rets, redeclare, badName, addInInit, name: c.name })}`);
}
