// k6/x/sql from many VUs at once (each VU thread its own addon instance and connection), ended by the
// scenario's end with some VUs blocked in a statement: they are interrupted, their statements cancelled.
import sql from 'k6/x/sql';
import driver from 'k6/x/sql/driver/postgres';
import { check } from 'k6';
export { handleSummary } from './_summary.js';
export const options = {
  scenarios: { s: { executor: 'constant-vus', vus: 10, duration: '2s', gracefulStop: '0s' } },
  thresholds: { checks: ['rate==1'] },
};
const db = sql.open(driver, __ENV.PG_URL);
export default function () {
  const rows = db.query('select $1::int * 2 as v, $2::text as vu', __ITER, String(__VU));
  check(rows, { 'own row back': (r) => r.length === 1 && r[0].v === __ITER * 2 && r[0].vu === String(__VU) });
  // lib/pq drops server notices (no handler set): nothing of them may reach the output.
  if (__ITER === 0) db.exec("do $$ begin raise notice 'sql-notice-probe'; raise warning 'sql-notice-probe'; end $$");
  if (__VU % 3 === 0 && __ITER === 50) db.query(`select pg_sleep(30) as ${__ENV.MARKER}`); // still blocked at the end
}
