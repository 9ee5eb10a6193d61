// An invalid metric value throws only when `throw` is on: from the command line (-w) or the options (-e THROW_OPTION=1).
import { Counter } from 'k6/metrics';
const c = new Counter('cc');
export const options = { iterations: 1, throw: __ENV.THROW_OPTION === '1' };
export default function () {
  let msg = 'no error';
  try {
    c.add(NaN);
  } catch (e) {
    msg = e.message;
  }
  console.log(`RESULT ${JSON.stringify(msg)}`);
}
