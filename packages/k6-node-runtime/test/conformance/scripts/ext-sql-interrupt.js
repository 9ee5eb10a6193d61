// A VU interrupted by gracefulStop while blocked in a query: k6 cancels the query through the VU
// context; here the I/O worker cancels the backend when the VU goes away.
import sql from 'k6/x/sql';
import driver from 'k6/x/sql/driver/postgres';
export { handleSummary } from './_summary.js';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } };
const db = sql.open(driver, __ENV.PG_URL);
export default function () {
  db.query(`select pg_sleep(60) as ${__ENV.MARKER}`);
}
