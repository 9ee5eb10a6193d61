// options.throw: network errors become exceptions (the iteration fails, the run goes on).
import http from 'k6/http';
export { handleSummary } from './_summary.js';
export const options = { iterations: 1, throw: true };
export default function () {
  let msg = 'no throw';
  try {
    http.get('http://127.0.0.1:1/');
  } catch (e) {
    msg = e.message;
  }
  console.log(`RESULT ${JSON.stringify({ msg })}`);
}
