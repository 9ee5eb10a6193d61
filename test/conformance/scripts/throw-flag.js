// -w/--throw: an invalid metric value throws only when throw is on (here: from the command line).
import { Counter } from 'k6/metrics';
const c = new Counter('cc');
export const options = { iterations: 1 };
export default function () {
  let msg = 'no error';
  try {
    c.add(NaN);
  } catch (e) {
    msg = e.message;
  }
  console.log(`RESULT ${JSON.stringify(msg)}`);
}
