// The xk6 extensions through the CLI, against the real services (local stack, or throwaway ones:
// test/integration/extensions-services.ts). Follows the pinned extensions' documented behaviour
// (shared/reference/xk6-extensions.md): grafana/xk6-sql README + index.d.ts,
// GhMartingit/xk6-mongo README, grafana/xk6-docker examples; k6 docs
// https://grafana.com/docs/k6/latest/javascript-api/jslib/utils/ and .../k6-crypto/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { built, results, run } from './helpers.js';
import { services, type Services } from '../integration/extensions-services.js';
import { apiVersionEnv, startTestContainer, type TestContainer } from '../integration/extensions-container.js';

let svc: Services;
const suffix = `${process.pid}_${Date.now()}`;

beforeAll(async () => {
  svc = await services();
});

afterAll(async () => {
  await svc?.stop();
});

const bytes = (s: string) => Array.from(Buffer.from(s, 'utf8'));

describe.skipIf(!built)('xk6 extensions through cdc-chaos run', () => {
  it('k6/x/sql + postgres driver: lib/pq values, Go time values, thrown errors, timeouts', () => {
    const r = run('ext-sql.js', ['-e', `PG_URL=${svc.pgUrl}`, '-e', `SUFFIX=${suffix}`]);
    expect(r.code).toBe(0);
    const res = results(r) as Array<Record<string, unknown>>;
    expect(res).toHaveLength(2);
    expect(res[0]).toEqual({
      affected: 1,
      count: 1,
      id: 'row0',
      v: 0,
      atIsDate: false,
      atType: 'object',
      atString: true,
      atJson: true,
      atUnix: true,
      raw: bytes('row0'),
      num: bytes('12.5'),
      u: 'a1b2c3d4-0000-4000-8000-000000000000',
      j: '{"a": 1}',
      err: 'GoError: pq: relation "table_that_does_not_exist" does not exist',
      lastId: 'LastInsertId is not supported by this driver',
      timeout: 'pq: canceling statement due to user request',
    });
    expect(res[1]).toMatchObject({ count: 2, id: 'row0' });
  });

  it('a VU interrupted while blocked in a query leaves no query running (k6 cancels via the VU context)', async () => {
    const marker = `conf_interrupt_${suffix}`;
    const r = run('ext-sql-interrupt.js', ['-e', `PG_URL=${svc.pgUrl}`, '-e', `MARKER=${marker}`]);
    expect(r.code).toBe(0);
    expect(r.summary!.metrics.iterations?.values.count ?? 0).toBe(0); // the only iteration was interrupted
    const c = new pg.Client({ connectionString: svc.pgUrl });
    await c.connect();
    try {
      const running = async () =>
        (
          await c.query(
            `select count(*)::int as n from pg_stat_activity where query like '%${marker}%' and pid <> pg_backend_pid()`,
          )
        ).rows[0].n as number;
      for (let i = 0; i < 50 && (await running()) > 0; i++) await new Promise((res) => setTimeout(res, 100));
      expect(await running()).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('k6/x/sql: a connection the server drops while idle is replaced, the run goes on (no I/O worker crash)', () => {
    const r = run('ext-sql-dropped.js', ['-e', `PG_URL=${svc.pgUrl}`, '-e', `MARKER=conf_drop_${suffix}`]);
    expect(r.stderr).not.toMatch(/I\/O worker/);
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([{ killed: 1, after: [{ two: 2 }] }]);
  });

  it('k6/x/mongo: null client on failure (logged), findOne throws, $set wrapping, ObjectID bytes', () => {
    const r = run('ext-mongo.js', ['-e', `MONGO_URL=${svc.mongoUrl}`, '-e', `SUFFIX=${suffix}`]);
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([
      {
        bad: null,
        inserted: true,
        findOneErr: 'mongo: no documents in result',
        a: { _id: 'a', n: 2, tags: ['x'] },
        genId: true,
        count: 2,
        found: 1,
      },
    ]);
    expect(r.stderr).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Error while pinging MongoDB: /m);
  });

  describe('k6/x/docker/containers', () => {
    let c: TestContainer;
    let env: Record<string, string>;
    beforeAll(async () => {
      c = await startTestContainer(`cdc-ext-conf-${process.pid}`);
      env = await apiVersionEnv();
    });
    afterAll(async () => {
      await c?.remove();
    });

    it('pause/unpause, stop = immediate SIGKILL, start, SDK errors thrown', () => {
      const r = run('ext-docker.js', ['-e', `CONTAINER=${c.id}`], env);
      expect(r.code).toBe(0);
      expect(results(r)).toEqual([
        {
          listedState: 'running',
          names: [`/${c.name}`],
          paused: true,
          stoppedRunning: false,
          exitCode: 137,
          running: true,
          missing: 'Error response from daemon: No such container: cdc-no-such-container',
        },
      ]);
    });
  });

  it('jslib k6-utils served built in, and k6/crypto', () => {
    const r = run('ext-utils.js');
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([
      {
        uuid: true,
        int: true,
        item: true,
        str: 'aaaaa',
        between: '1',
        all: ['1', '2'],
        none: null,
        dur: [3723000, 250, 1500],
        stages: [
          { duration: '10s', target: 1 },
          { duration: '20s', target: 10 },
          { duration: '20s', target: 1 },
          { duration: '10s', target: 0 },
        ],
        stage: 0,
        jcheck: false,
        sha: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        md5: 'kAFQmDzST7DWlj99KOF/cg==',
        bytes: 8,
        hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        dflt: 'function',
      },
    ]);
    const checks = r.summary!.root_group.checks.map((x) => [x.name, x.passes, x.fails]);
    expect(checks).toEqual([
      ['one', 1, 0],
      ['two', 0, 1],
    ]);
  });
});
