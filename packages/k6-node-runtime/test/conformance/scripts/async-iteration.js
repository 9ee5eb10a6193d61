// async default functions and k6/timers: the iteration ends after its promises and timers.
import { setTimeout } from 'k6/timers';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const ticks = new Counter('ticks');
export const options = { iterations: 2 };
export default async function () {
  await new Promise((r) => setTimeout(r, 20));
  ticks.add(1);
  setTimeout(() => ticks.add(1), 10); // not awaited: the iteration still waits for it
}
