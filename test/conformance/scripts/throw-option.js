import { Counter } from 'k6/metrics';
const c = new Counter('cc');
export const options = { iterations: 1, throw: true };
export default function () {
  let msg = 'no error';
  try {
    c.add(NaN);
  } catch (e) {
    msg = e.message;
  }
  console.log(`RESULT ${JSON.stringify(msg)}`);
}
