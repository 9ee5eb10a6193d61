// xk6-sql + postgres driver: synchronous calls in init and VU code, lib/pq value shapes, errors.
import sql from 'k6/x/sql';
import driver from 'k6/x/sql/driver/postgres';
export { handleSummary } from './_summary.js';
export const options = { iterations: 2, vus: 1 };
const db = sql.open(driver, __ENV.PG_URL);
const table = `conf_ext_sql_${__ENV.SUFFIX}`;
export function setup() {
  db.exec(`create table ${table} (id text primary key, v bigint, at timestamptz default now())`);
}
export default function () {
  const ins = db.exec(`insert into ${table} (id, v) values ($1, $2)`, `row${__ITER}`, __ITER * 10);
  const rows = db.query(
    `select id, v, at, id::bytea as raw, '12.5'::numeric as num, 'a1b2c3d4-0000-4000-8000-000000000000'::uuid as u, '{"a":1}'::jsonb as j from ${table} order by id`,
  );
  let err = null;
  try {
    db.query('select * from table_that_does_not_exist');
  } catch (e) {
    err = String(e); // sobek's Go error wrapper: "GoError: <message>"
  }
  let lastId = null;
  try {
    ins.lastInsertId();
  } catch (e) {
    lastId = e.message;
  }
  const r = rows[0];
  console.log(
    `RESULT ${JSON.stringify({
      affected: ins.rowsAffected(),
      count: rows.length,
      id: r.id,
      v: r.v,
      atIsDate: r.at instanceof Date,
      atType: typeof r.at,
      atString: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/.test(String(r.at)),
      atJson: /^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"$/.test(JSON.stringify(r.at)),
      atUnix: Math.abs(r.at.unix() - Date.now() / 1000) < 3600,
      raw: r.raw,
      num: r.num,
      u: String.fromCharCode(...r.u),
      j: String.fromCharCode(...r.j),
      err,
      lastId,
      timeout: (() => {
        try {
          db.queryWithTimeout('100ms', 'select pg_sleep(3)');
          return 'no error';
        } catch (e) {
          return e.message;
        }
      })(),
    })}`,
  );
}
export function teardown() {
  db.exec(`drop table ${table}`);
  db.close();
}
