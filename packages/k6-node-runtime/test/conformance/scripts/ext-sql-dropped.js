// The server drops an idle pooled connection (restart, kill, pg_terminate_backend): database/sql
// discards it and the next query opens a new one — the run goes on.
import sql from 'k6/x/sql';
import driver from 'k6/x/sql/driver/postgres';
import { sleep } from 'k6';
export const options = { iterations: 1 };
const sep = __ENV.PG_URL.includes('?') ? '&' : '?';
const db = sql.open(driver, `${__ENV.PG_URL}${sep}application_name=${__ENV.MARKER}`);
const admin = sql.open(driver, __ENV.PG_URL);
export default function () {
  db.query('select 1 as one'); // leaves one idle connection in db's pool
  const killed = admin.query(
    `select pg_terminate_backend(pid) as t from pg_stat_activity where application_name = '${__ENV.MARKER}'`,
  );
  sleep(0.5); // lets the termination reach the idle client
  console.log('RESULT ' + JSON.stringify({ killed: killed.length, after: db.query('select 2 as two') }));
}
