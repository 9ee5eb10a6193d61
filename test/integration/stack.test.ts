// The local stack against the real Docker engine and real services: bad input first (each must leave nothing
// behind), then `stack up`, its idempotence, status, env, logs, a change flowing PG -> Mongo, and the config files
// for users (promtool, compose). Ends with the stack up and healthy, as the other integration tests expect.
import Docker from 'dockerode';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureEngine } from '../../src/stack/engine.js';
import { formatEnv, HOST_PORTS, PROXIES, stackEndpoints } from '../../src/stack/index.js';
import { CONTAINERS } from '../../src/stack/status.js';

const root = join(import.meta.dirname, '..', '..');
const docker = new Docker({ socketPath: '/var/run/docker.sock' });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cdc-chaos.js'), 'stack', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 900_000,
  });
  const run = { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  console.log(`cdc-chaos stack ${args.join(' ')} -> exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s`);
  if (run.code !== 0)
    console.log(
      run.stderr
        .split('\n')
        .filter((l) => !l.startsWith('['))
        .join('\n'),
    );
  return run;
}

async function stackContainers(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: ['io.cdc-chaos.stack=local'] } });
}

async function cdcNetworkExists(): Promise<boolean> {
  return (await docker.listNetworks({ filters: { name: ['cdc-network'] } })).some((n) => n.Name === 'cdc-network');
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

// Every container (the guard publishes no port); PUBLISHED: those with a port on 127.0.0.1.
const ALL = CONTAINERS;
const PUBLISHED = Object.keys(HOST_PORTS);

afterAll(() => {
  // Whatever happened above, leave the stack up for the tests that follow.
  const r = cli(['up']);
  if (r.code !== 0) console.error(r.stderr);
});

describe('stack: bad input leaves nothing behind', () => {
  it('a port already taken -> names the port and the container, says what to do, starts nothing', async () => {
    expect(cli(['down', '--keep-data']).code).toBe(0);
    expect(await stackContainers()).toHaveLength(0);
    const blocker = await listen(HOST_PORTS['cdc-prometheus']);
    try {
      const r = cli(['up']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('127.0.0.1:9090');
      expect(r.stderr).toContain('cdc-prometheus');
      expect(r.stderr).toMatch(/what to do: .*ss -ltnp/);
      expect(r.stderr).toContain('Nothing was started');
      expect(await stackContainers()).toHaveLength(0);
      expect(await cdcNetworkExists()).toBe(false);
    } finally {
      await new Promise((res) => blocker.close(res));
    }
  });

  it('a failing download -> says which artifact and what to do, starts nothing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'cdc-chaos-cache-'));
    try {
      const r = cli(['up'], { CDC_CHAOS_CACHE: cache, CDC_CHAOS_KAFKA_VERSION: '0.0.0-does-not-exist' });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('download failed');
      expect(r.stderr).toContain('Kafka 0.0.0-does-not-exist');
      expect(r.stderr).toMatch(/what to do: .*Maven Central/);
      expect(await stackContainers()).toHaveLength(0);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('a connector that fails to register -> names the connector and the cause, removes what it started', async () => {
    const r = cli(['up', '--connector-config', JSON.stringify({ 'database.dbname': 'no_such_db' })]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cdc-connector');
    expect(r.stderr).toMatch(/no_such_db|database\.dbname/);
    expect(r.stderr).toContain('what to do:');
    expect(r.stderr).toContain('removing the containers');
    expect(await stackContainers()).toHaveLength(0);
    expect(await cdcNetworkExists()).toBe(false);
  });

  it('no Docker engine and no dockerd to start -> says to run setup.sh', () => {
    const r = cli(['up'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock', CDC_CHAOS_DOCKERD: 'no-such-dockerd' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no Docker engine answers');
    expect(r.stderr).toMatch(/what to do: .*scripts\/setup\.sh/);
  });

  it('no engine answering but dockerd installed -> starts it and waits for it', async () => {
    // A second, private engine on its own socket and directories, so the shared one is left alone.
    const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-dockerd-'));
    const wrapper = join(dir, 'dockerd-private');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nexec dockerd --host unix://${dir}/docker.sock --data-root ${dir}/data --exec-root ${dir}/exec --pidfile ${dir}/docker.pid ` +
        `--bridge none --iptables=false --ip-masq=false --containerd-namespace cdcchaos-test --containerd-plugins-namespace cdcchaos-test-p\n`,
      { mode: 0o755 },
    );
    const saved = { host: process.env.DOCKER_HOST, bin: process.env.CDC_CHAOS_DOCKERD };
    process.env.DOCKER_HOST = `unix://${join(dir, 'docker.sock')}`;
    process.env.CDC_CHAOS_DOCKERD = wrapper;
    const lines: string[] = [];
    try {
      const d = await ensureEngine((m) => lines.push(m), join(dir, 'logs'), 60_000);
      expect((await d.version()).ApiVersion).toBeTruthy();
      expect(lines.join('\n')).toContain('starting');
    } finally {
      process.env.DOCKER_HOST = saved.host;
      process.env.CDC_CHAOS_DOCKERD = saved.bin;
      if (saved.host === undefined) delete process.env.DOCKER_HOST;
      if (saved.bin === undefined) delete process.env.CDC_CHAOS_DOCKERD;
      const pid = Number(readFileSync(join(dir, 'docker.pid'), 'utf8'));
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 60; i++) {
        try {
          process.kill(pid, 0);
          await sleep(250);
        } catch {
          break;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a consumer image that is not on the engine -> names it, says to build/load it, starts nothing', async () => {
    const before = (await stackContainers()).map((c) => [c.Id, c.State]);
    const r = cli(['up', '--consumer-image', 'cdc-chaos-test/no-such-image:0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cdc-chaos-test/no-such-image:0');
    expect(r.stderr).toMatch(/what to do: .*docker load/);
    expect((await stackContainers()).map((c) => [c.Id, c.State])).toEqual(before);
  });

  it('an unknown container name for logs -> lists the valid ones', () => {
    const r = cli(['logs', 'nope']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no stack container named "nope"');
    expect(r.stderr).toContain('cdc-postgres');
  });
});

describe('stack up', () => {
  it('brings every container up healthy, with the contract labels and ports on 127.0.0.1 only', async () => {
    const r = cli(['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('stack is up');
    expect(r.stdout).toContain(formatEnv());
    const list = await stackContainers();
    expect(list.map((c) => c.Names[0].slice(1)).sort()).toEqual([...ALL].sort());
    for (const c of list) {
      const name = c.Names[0].slice(1);
      expect(c.State, name).toBe('running');
      const target = ['cdc-postgres', 'cdc-kafka', 'cdc-connect', 'cdc-consumer', 'cdc-mongodb'].includes(name);
      expect(c.Labels['io.cdc-chaos.target'], name).toBe(target ? 'true' : undefined);
      const published = c.Ports.filter((p) => p.PublicPort);
      expect(
        published.map((p) => [p.IP, p.PublicPort]),
        name,
      ).toEqual(PUBLISHED.includes(name) ? [['127.0.0.1', HOST_PORTS[name as keyof typeof HOST_PORTS]]] : []);
      const info = await docker.getContainer(c.Id).inspect();
      expect(Object.keys(info.NetworkSettings.Networks), name).toEqual(['cdc-network']);
    }
  });

  it('a second up is fast and changes nothing', async () => {
    const before = await Promise.all(ALL.map((n) => docker.getContainer(n).inspect()));
    const r = cli(['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing changed');
    const after = await Promise.all(ALL.map((n) => docker.getContainer(n).inspect()));
    expect(after.map((i) => [i.Id, i.State.StartedAt])).toEqual(before.map((i) => [i.Id, i.State.StartedAt]));
  });

  it('status shows each container running and healthy and the connector RUNNING', () => {
    const r = cli(['status']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const n of ALL) expect(r.stdout).toMatch(new RegExp(`${n}\\s+running\\s+healthy`));
    expect(r.stdout).toContain('connector cdc-connector: RUNNING');
    const j = cli(['status', '--json']);
    const s = JSON.parse(j.stdout) as {
      healthy: boolean;
      containers: Array<{ name: string; state: string; health: string }>;
    };
    expect(s.healthy).toBe(true);
    expect(s.containers).toHaveLength(ALL.length);
  });

  it('status probes the lag exporter from the host (it has no Docker healthcheck): paused, it is unhealthy', async () => {
    const exporter = docker.getContainer('cdc-lag-exporter');
    expect((await exporter.inspect()).State.Health).toBeUndefined();
    await exporter.pause();
    try {
      const r = cli(['status']);
      expect(r.stdout).toMatch(/cdc-lag-exporter\s+paused\s+unhealthy/);
      expect(r.stdout).toContain('stack: NOT healthy');
    } finally {
      await exporter.unpause();
    }
  });

  it('env prints export lines for every endpoint of the contract and the engine API version', async () => {
    const r = cli(['env']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // the engine's own API version (xk6-docker never negotiates): the one rule of README, compose and workflow
    const api = (await docker.version()).ApiVersion;
    expect(lines.slice(7)).toEqual([`export DOCKER_API_VERSION=${api}`]);
    expect(lines.slice(0, 7)).toEqual([
      'export PG_URL=postgres://postgres:postgres@127.0.0.1:5432/cdc?sslmode=disable',
      'export MONGO_URL=mongodb://127.0.0.1:27017/',
      'export KAFKA_BOOTSTRAP=127.0.0.1:9092',
      'export TOXIPROXY_URL=http://127.0.0.1:8474',
      'export PROMETHEUS_URL=http://127.0.0.1:9090',
      'export CONSUMER_URL=http://127.0.0.1:8080',
      'export CONNECT_URL=http://127.0.0.1:8083',
    ]);
    const sh = spawnSync('sh', ['-c', `${r.stdout}\necho "$PG_URL|$CONNECT_URL"`], { encoding: 'utf8' });
    expect(sh.stdout.trim()).toBe(`${stackEndpoints().PG_URL}|${stackEndpoints().CONNECT_URL}`);
  });

  it('logs prints a container output', () => {
    const r = cli(['logs', 'connect', '-n', '500']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it('the four proxies exist, and Connect reaches PostgreSQL and Kafka only through them', async () => {
    const proxies = (await (await fetch(`${stackEndpoints().TOXIPROXY_URL}/proxies`)).json()) as Record<
      string,
      { upstream: string; enabled: boolean }
    >;
    for (const p of PROXIES) expect(proxies[p.name], p.name).toMatchObject({ upstream: p.upstream, enabled: true });
    const cfg = (await (
      await fetch(`${stackEndpoints().CONNECT_URL}/connectors/cdc-connector/config`)
    ).json()) as Record<string, string>;
    expect([cfg['database.hostname'], cfg['database.port']]).toEqual(['cdc-toxiproxy', '5433']);
    const client = new pg.Client({ connectionString: stackEndpoints().PG_URL });
    await client.connect();
    try {
      const slot = await client.query(`select active, plugin from pg_replication_slots where slot_name = 'cdc_slot'`);
      expect(slot.rows[0]).toEqual({ active: true, plugin: 'pgoutput' });
      // the walsender's peer is cdc-toxiproxy, not cdc-connect
      const peer = await client.query(`select host(client_addr) as addr from pg_stat_replication`);
      const tp = await docker.getContainer('cdc-toxiproxy').inspect();
      expect(peer.rows.map((r: { addr: string }) => r.addr)).toEqual([
        tp.NetworkSettings.Networks['cdc-network'].IPAddress,
      ]);
    } finally {
      await client.end();
    }
  });

  it('a change made in PostgreSQL reaches MongoDB', async () => {
    const id = `stack-test-${Date.now()}`;
    const client = new pg.Client({ connectionString: stackEndpoints().PG_URL });
    await client.connect();
    const mongo = new MongoClient(stackEndpoints().MONGO_URL, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.query(
        `insert into customers (id, run_id, version, email, status) values ($1, 'stack-test', 1, 'a@example.com', 'new')`,
        [id],
      );
      const coll = mongo.db('cdc').collection<{ _id: string }>('customers');
      // polls until `want` holds (a failed read counts as not yet), with a deadline
      const poll = async (want: (d: Record<string, unknown> | null) => boolean) => {
        const deadline = Date.now() + 90_000;
        for (;;) {
          const d = await coll.findOne({ _id: id }).catch(() => undefined);
          if ((d !== undefined && want(d)) || Date.now() > deadline) return d;
          await sleep(250);
        }
      };
      const doc = await poll((d) => d !== null);
      expect(doc).toMatchObject({ _id: id, run_id: 'stack-test', version: 1, email: 'a@example.com', status: 'new' });
      await client.query('delete from customers where id = $1', [id]);
      expect(await poll((d) => d === null)).toBeNull();
    } finally {
      await client.end();
      await mongo.close();
    }
  });

  it('FerretDB serves lookups by _id from an index, also in collections created after the stack started', async () => {
    const mongo = new MongoClient(stackEndpoints().MONGO_URL, { serverSelectionTimeoutMS: 5000 });
    const db = `stacktest_${Date.now().toString(36)}`;
    const psql = (sql: string) => {
      const r = spawnSync(
        'docker',
        [
          'exec',
          'cdc-mongodb',
          '/usr/lib/postgresql/15/bin/psql',
          '-h',
          '127.0.0.1',
          '-U',
          'postgres',
          '-d',
          'ferretdb',
          '-Atc',
          sql,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    try {
      await mongo
        .db(db)
        .collection<{ _id: string }>('probe')
        .insertMany(Array.from({ length: 2_000 }, (_, i) => ({ _id: `k${i}` })));
      const table = psql(`select tablename from pg_tables where schemaname = '${db}' and tablename like 'probe%'`);
      // The statement FerretDB v1.24 sends for findOne({_id}) (its pushdown form), planned with the value inline.
      const plan = psql(
        `set enable_seqscan = off; explain select _jsonb from "${db}"."${table}" where _jsonb->'_id' @> '"k7"'`,
      );
      expect(plan).toMatch(/Bitmap Index Scan on cdc_\w+_id\b/);
      // every collection of the pipeline's database has one too
      const collections = psql(
        `select count(*) from pg_tables where schemaname = 'cdc' and tablename not like '\\_ferretdb\\_%'`,
      );
      expect(psql(`select count(*) from pg_indexes where schemaname = 'cdc' and indexname like 'cdc\\_%\\_id'`)).toBe(
        collections,
      );
    } finally {
      await mongo
        .db(db)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    }
  });
});

describe('pluggable consumer', () => {
  it('--consumer-cmd runs another consumer with the contract env (and --consumer-env)', async () => {
    // A stand-in "consumer" that only answers /health with its environment.
    const cmd = `node -e "require('http').createServer((q, s) => s.end(JSON.stringify(process.env))).listen(8080)"`;
    const r = cli(['up', '--consumer-cmd', cmd, '--consumer-env', 'CONSUMER_FAULT=none']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/changed: .*cdc-consumer/);
    const env = (await (await fetch(`${stackEndpoints().CONSUMER_URL}/health`)).json()) as Record<string, string>;
    expect(env).toMatchObject({
      KAFKA_BOOTSTRAP: 'cdc-toxiproxy:19092',
      KAFKA_TOPICS: 'cdc.public.customers,cdc.public.orders',
      KAFKA_GROUP_ID: 'cdc-consumer',
      MONGO_URL: 'mongodb://cdc-toxiproxy:27018/',
      MONGO_DB: 'cdc',
      PORT: '8080',
      CONSUMER_FAULT: 'none',
    });
    // remembered: a plain up keeps it
    expect(cli(['up']).stdout).toContain('nothing changed');
  });

  it('--consumer-image runs an image as cdc-consumer with the same env contract; --reference-consumer goes back', async () => {
    // A user's image: a static Go stand-in (answers /health with its env) imported without any registry.
    const dir = mkdtempSync(join(tmpdir(), 'cdc-chaos-standin-'));
    const image = 'cdc-chaos-test/standin-consumer:1';
    try {
      writeFileSync(join(dir, 'go.mod'), 'module example.com/standin\n\ngo 1.21\n');
      writeFileSync(
        join(dir, 'main.go'),
        `package main
import ("encoding/json"; "net/http"; "os"; "strings")
func main() {
  http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
    env := map[string]string{}
    for _, kv := range os.Environ() { if k, v, ok := strings.Cut(kv, "="); ok { env[k] = v } }
    _ = json.NewEncoder(w).Encode(env)
  })
  _ = http.ListenAndServe(":"+os.Getenv("PORT"), nil)
}
`,
      );
      const goEnv = { ...process.env, CGO_ENABLED: '0', PATH: `${process.env.PATH}:/usr/local/go/bin` };
      const go = spawnSync('go', ['build', '-o', 'consumer', '.'], { cwd: dir, encoding: 'utf8', env: goEnv });
      expect(go.status, go.stderr).toBe(0);
      const imp = spawnSync('sh', ['-c', `tar cf - consumer | docker import --change 'CMD ["/consumer"]' - ${image}`], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(imp.status, imp.stderr).toBe(0);
      const r = cli(['up', '--consumer-image', image]);
      expect(r.code, r.stderr).toBe(0);
      expect((await docker.getContainer('cdc-consumer').inspect()).Config.Image).toBe(image);
      const env = (await (await fetch(`${stackEndpoints().CONSUMER_URL}/health`)).json()) as Record<string, string>;
      expect(env).toMatchObject({
        KAFKA_BOOTSTRAP: 'cdc-toxiproxy:19092',
        MONGO_URL: 'mongodb://cdc-toxiproxy:27018/',
        MONGO_DB: 'cdc',
        PORT: '8080',
      });
      expect(env.CONSUMER_FAULT).toBeUndefined(); // a new consumer choice starts from a clean extra env
    } finally {
      const back = cli(['up', '--reference-consumer']);
      expect(back.code, back.stderr).toBe(0);
      await docker
        .getImage(image)
        .remove()
        .catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    const metrics = await (await fetch(`${stackEndpoints().CONSUMER_URL}/metrics`)).text();
    expect(metrics).toContain('cdc_events_processed_total');
  });
});

describe('config for users', () => {
  const promtool = (...args: string[]) =>
    spawnSync('promtool', args, { cwd: join(root, 'prometheus'), encoding: 'utf8' });

  it('prometheus configs and alert rules pass promtool, and the rules fire on their patterns', () => {
    for (const args of [
      ['check', 'config', 'prometheus.yml'],
      ['check', 'config', 'prometheus.compose.yml'],
      ['check', 'rules', 'alerts.yml'],
      ['test', 'rules', 'alerts.test.yml'],
    ]) {
      const r = promtool(...args);
      expect(r.status, `promtool ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('the running Prometheus loaded the rules and scrapes the consumer', async () => {
    const base = stackEndpoints().PROMETHEUS_URL;
    const rules = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> };
    };
    const names = rules.data.groups.flatMap((g) => g.rules.map((r) => r.name)).sort();
    expect(names).toEqual([
      'CdcConnectorNotRunning',
      'CdcConsumerDown',
      'CdcConsumerLagHigh',
      'CdcMongoUnreachable',
      'CdcPipelineStalled',
    ]);
    const deadline = Date.now() + 30_000;
    let up = '';
    while (up !== '1' && Date.now() < deadline) {
      const q = (await (
        await fetch(`${base}/api/v1/query?query=${encodeURIComponent('up{job="cdc-consumer"}')}`)
      ).json()) as { data: { result: Array<{ value: [number, string] }> } };
      up = q.data.result[0]?.value[1] ?? '';
      if (up !== '1') await sleep(500);
    }
    expect(up).toBe('1');
    // On the live series every rule evaluates without error (promtool's tests feed their own series: an expression
    // that breaks only on what the exporters really serve — two series with one label set — shows here).
    let health: string[] = [];
    for (const end = Date.now() + 15_000; Date.now() < end; await sleep(1000)) {
      const now = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
      };
      health = now.data.groups.flatMap((g) => g.rules.map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`.trim()));
      if (health.every((h) => / ok$/.test(h))) break;
    }
    expect(health.filter((h) => !/ ok$/.test(h))).toEqual([]);
  });

  it('docker-compose.yml has the same names, network, published ports, labels and proxies as the local stack', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: Record<
        string,
        {
          container_name?: string;
          ports?: string[];
          labels?: Record<string, string>;
          networks?: unknown;
          healthcheck?: unknown;
        }
      >;
      networks: Record<string, { name: string }>;
    };
    expect(compose.networks['cdc-network'].name).toBe('cdc-network');
    for (const name of PUBLISHED) {
      const svc = compose.services[name];
      expect(svc?.container_name, name).toBe(name);
      const port = HOST_PORTS[name as keyof typeof HOST_PORTS];
      expect(svc.ports?.[0], name).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}:\\d+$`));
      const target = ['cdc-postgres', 'cdc-kafka', 'cdc-connect', 'cdc-consumer', 'cdc-mongodb'].includes(name);
      expect(svc.labels?.['io.cdc-chaos.target'], name).toBe(target ? 'true' : undefined);
      expect(svc.healthcheck, name).toBeDefined();
    }
    const proxies = JSON.parse(readFileSync(join(root, 'chaos', 'toxiproxy.json'), 'utf8')) as unknown;
    expect(proxies).toEqual(PROXIES);
    const chaos = parse(readFileSync(join(root, 'chaos', 'docker-compose.chaos.yml'), 'utf8')) as {
      services: Record<string, { profiles?: string[] }>;
    };
    for (const [n, s] of Object.entries(chaos.services)) expect(s.profiles, n).toEqual(['chaos']);
  });
});
