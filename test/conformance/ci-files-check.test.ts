// The files shipped for runtimes this machine cannot run (docker compose, a GitHub runner, docker build) checked by
// tools/ci-files-check: compose-go loading them as docker compose does, actionlint (+ shellcheck) on the workflow,
// BuildKit's `docker build --check` lint on the Dockerfiles. Built once per source hash by its build.sh (cached
// under ~/.cache/cdc-chaos; scripts/fetch-artifacts.sh pre-builds it). Broken copies prove each check refuses, at
// the file and line.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers.js';

let bin = '';
beforeAll(() => {
  const r = spawnSync('bash', [join(root, 'tools/ci-files-check/build.sh')], { encoding: 'utf8', timeout: 900_000 });
  expect(r.status, r.stderr).toBe(0);
  bin = r.stdout.trim();
}, 900_000);

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cdc-ci-files-'));
  temps.push(d);
  return d;
}

/** Runs the tool with the caller's environment minus DOCKER_API_VERSION, plus `env`. */
function check(
  args: string[],
  env: Record<string, string> = {},
  cwd = root,
): { code: number; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.DOCKER_API_VERSION;
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...base, ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Service {
  build?: { context: string; dockerfile: string };
  environment: Record<string, string | null>;
  networks?: Record<string, unknown>;
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  ports?: { target: number }[];
  container_name?: string;
  working_dir?: string;
  command?: string[];
}
interface Project {
  name: string;
  services: Record<string, Service>;
  networks: Record<string, { name: string; external?: boolean }>;
}
/** `docker compose <args>`'s project, as `docker compose config --format json` would print it. */
function load(args: string[], env: Record<string, string> = {}): Project {
  const r = check(['compose', '--print', ...args], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Project;
}

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const API = { DOCKER_API_VERSION: '1.41' };

describe('tools/ci-files-check on the shipped files', () => {
  it('the compose files (each documented invocation), the workflow (with shellcheck) and the Dockerfiles pass', () => {
    const r = check([], API);
    expect(r.stderr).toMatch(/OK: 3 compose loads, 1 workflow\(s\) \(with shellcheck\), 2 Dockerfile\(s\)/); // shellcheck: scripts/setup.sh
    expect(r.code).toBe(0);
  });

  it("the k6 service takes DOCKER_API_VERSION from the caller's environment", () => {
    for (const v of ['1.41', '1.44']) {
      expect(
        load(['-f', 'docker-compose.k6.yml', 'k6'], { DOCKER_API_VERSION: v }).services.k6.environment
          .DOCKER_API_VERSION,
      ).toBe(v);
    }
  });

  it("unset or empty, loading the k6 file fails with the file's own `:?` message, at its line", () => {
    const text = readFileSync(join(root, 'docker-compose.k6.yml'), 'utf8');
    const message = /\$\{DOCKER_API_VERSION:\?([^}]+)\}/.exec(text)![1];
    for (const env of [{}, { DOCKER_API_VERSION: '' }] as Record<string, string>[]) {
      const r = check(['compose', '-f', 'docker-compose.k6.yml', 'k6'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `docker-compose.k6.yml:${lineOf(text, 'DOCKER_API_VERSION: ${')}: error while interpolating services.k6.environment.DOCKER_API_VERSION: required variable DOCKER_API_VERSION is missing a value: ${message}\n`,
      );
    }
  });
});

describe("README's k6 section, as the loaded projects resolve it", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /^### With k6[^\n]*\n([\s\S]*?)^###? /m.exec(readme)![1];
  const commands = [...section.matchAll(/^(docker compose [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) =>
    m[1].split(/\s+/).slice(2),
  );
  /** compose flags and the services a `docker compose ...` line names (run: its one service; build/up: the rest). */
  const parse = (argv: string[]) => {
    const flags: string[] = [];
    let i = 0;
    for (; argv[i].startsWith('-'); i += 2) flags.push(argv[i], argv[i + 1]);
    const [sub, ...rest] = argv.slice(i);
    const operands = rest.filter((a) => !a.startsWith('-'));
    return {
      flags,
      sub,
      services: sub === 'run' ? operands.slice(0, 1) : operands,
      args: sub === 'run' ? operands.slice(1) : [],
    };
  };
  const pipeline = () => load(['-f', 'docker-compose.yml']);
  const k6 = () => load(['-f', 'docker-compose.k6.yml', 'k6'], API).services.k6;

  it('names the pipeline start, the k6 build and a k6 run, and each loads', () => {
    expect(commands.map((c) => parse(c).sub)).toEqual(['up', 'build', 'run']);
    for (const c of commands) {
      const { flags, services } = parse(c);
      load([...flags, ...services], API);
    }
  });

  it('k6 builds xk6.Dockerfile from the repository', () => {
    expect(k6().build).toMatchObject({ context: root.replace(/\/$/, ''), dockerfile: 'xk6.Dockerfile' });
  });

  it("the run command's bundle path is in the read-only mount of ./dist, and reports/ is where k6 writes them", () => {
    const service = k6();
    const run = commands.map(parse).find((c) => c.sub === 'run')!;
    const bundle = run.args.find((a) => a.endsWith('.js'))!;
    const dist = service.volumes!.find((v) => v.source === join(root, 'dist'))!;
    expect(dist).toMatchObject({ type: 'bind', read_only: true });
    expect(bundle.startsWith(`${dist.target}/`)).toBe(true);
    expect(
      existsSync(join(root, 'dist', bundle.slice(dist.target.length + 1))),
      `${bundle}: no such bundle in dist/ (npm run build)`,
    ).toBe(true);
    // "Reports land in ./reports/": the bundles write reports/ relative to the working directory (src/k6/config.ts)
    expect(section).toMatch(/Reports land in `\.\/reports\/`/);
    expect(service.volumes).toContainEqual(
      expect.objectContaining({
        type: 'bind',
        source: join(root, 'reports'),
        target: `${service.working_dir}/reports`,
      }),
    );
    expect(service.volumes).toContainEqual(
      expect.objectContaining({ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }),
    );
  });

  it("joins the network the pipeline's project creates, and every endpoint is a pipeline container on it, at a port it serves", () => {
    const p = pipeline();
    const k = load(['-f', 'docker-compose.k6.yml', 'k6'], API);
    const net = Object.values(p.networks).find((n) => n.name === 'cdc-network')!;
    expect(net.external ?? false).toBe(false); // created by `docker compose up`
    expect(Object.keys(k.services.k6.networks!)).toEqual(['cdc-network']);
    expect(k.networks['cdc-network']).toMatchObject({ name: net.name, external: true });
    const byName = new Map(Object.values(p.services).map((s) => [s.container_name, s]));
    const urls = Object.entries(k.services.k6.environment).filter(([, v]) => /^\w+:\/\//.test(v ?? ''));
    expect(urls.map(([key]) => key).sort()).toEqual([
      'CONNECT_URL',
      'CONSUMER_URL',
      'K6_PROMETHEUS_RW_SERVER_URL',
      'MONGO_URL',
      'PG_URL',
      'PROMETHEUS_URL',
      'TOXIPROXY_URL',
    ]);
    for (const [key, value] of urls) {
      const url = new URL(value!);
      const target = byName.get(url.hostname);
      expect(target, `${key}: ${url.hostname} is no container of docker-compose.yml`).toBeDefined();
      expect(Object.keys(target!.networks ?? {}), key).toContain('cdc-network');
      expect(
        target!.ports?.map((x) => x.target),
        key,
      ).toContain(Number(url.port));
    }
    // remote write needs the receiver switched on
    expect(byName.get('cdc-prometheus')!.command).toContain('--web.enable-remote-write-receiver');
  });
});

describe('broken copies are refused at the file and line', () => {
  /** A temp copy of a shipped file at the same relative path, edited; returns the folder and the new text. */
  function broken(file: string, edit: (text: string) => string): { dir: string; text: string } {
    const dir = temp();
    const text = edit(readFileSync(join(root, file), 'utf8'));
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
    return { dir, text };
  }
  const refuses = (r: { code: number; stderr: string }, location: string, what: RegExp) => {
    expect(r.code, r.stderr).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.startsWith(`${location}: `));
    expect(line, r.stderr).toMatch(what);
  };

  it('compose: an unknown key (schema validation)', () => {
    const { dir, text } = broken('docker-compose.k6.yml', (t) =>
      t.replace(/^(\s+)working_dir: .*$/m, '$&\n$1workdir: /tmp'),
    );
    const r = spawnSync(bin, ['compose', '-f', 'docker-compose.k6.yml', 'k6'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...API },
    });
    refuses(
      { code: r.status ?? -1, stderr: r.stderr },
      `docker-compose.k6.yml:${lineOf(text, 'workdir: /tmp')}`,
      /services\.k6 additional properties 'workdir' not allowed/,
    );
  });

  it('compose: a malformed ${...} (interpolation)', () => {
    const { dir, text } = broken('docker-compose.yml', (t) =>
      t.replace('KAFKA_NODE_ID: 1', 'KAFKA_NODE_ID: ${NODE_ID:-1'),
    );
    const r = spawnSync(bin, ['compose', '-f', 'docker-compose.yml'], { cwd: dir, encoding: 'utf8', env: process.env });
    refuses(
      { code: r.status ?? -1, stderr: r.stderr },
      `docker-compose.yml:${lineOf(text, '${NODE_ID:-1')}`,
      /invalid interpolation format for services\.cdc-kafka\.environment\.KAFKA_NODE_ID/,
    );
  });

  it('compose: a YAML syntax error in the second file of the chaos overlay', () => {
    const { dir, text } = broken('chaos/docker-compose.chaos.yml', (t) =>
      t.replace('    profiles: [chaos]', '    profiles: [chaos'),
    );
    cpSync(join(root, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    const r = spawnSync(
      bin,
      ['compose', '-f', 'docker-compose.yml', '-f', 'chaos/docker-compose.chaos.yml', '--profile', 'chaos'],
      { cwd: dir, encoding: 'utf8', env: process.env },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^chaos/docker-compose\\.chaos\\.yml:${lineOf(text, 'profiles: [chaos')}: failed to parse .*did not find expected ',' or ']'`,
        'm',
      ),
    );
  });

  it('workflow: an expression syntax error and an unknown key (actionlint)', () => {
    const { dir, text } = broken('.github/workflows/chaos.yml', (t) =>
      t
        .replace("${{ inputs.time_scale || '0.1' }}", '${{ inputs.time_scale || }}')
        .replace('timeout-minutes: 90', 'timeout-minute: 90'),
    );
    const r = check(['workflow', '.github/workflows/chaos.yml'], {}, dir);
    refuses(
      r,
      `.github/workflows/chaos.yml:${lineOf(text, 'inputs.time_scale || }}')}`,
      /unexpected end of input.*\[expression\]/,
    );
    refuses(
      r,
      `.github/workflows/chaos.yml:${lineOf(text, 'timeout-minute: 90')}`,
      /unexpected key "timeout-minute".*\[syntax-check\]/,
    );
  });

  it('workflow: an unquoted expansion in a run script (shellcheck SC2086, the one the shipped workflow had)', () => {
    const { dir } = broken('.github/workflows/chaos.yml', (t) =>
      t.replace('--log-output="file=reports/$name-journal.log"', '--log-output=file=reports/$name-journal.log'),
    );
    const r = check(['workflow', '.github/workflows/chaos.yml'], {}, dir);
    refuses(
      r,
      `.github/workflows/chaos.yml:${lineOf(readFileSync(join(dir, '.github/workflows/chaos.yml'), 'utf8'), 'name: Run the experiments') + 1}`,
      /SC2086.*\[shellcheck\]/,
    );
  });

  it('Dockerfile: a lint rule and a parse error (docker build --check)', () => {
    const { dir, text } = broken('xk6.Dockerfile', (t) =>
      t
        .replace('FROM grafana/xk6:1.4.11 AS build', 'FROM grafana/xk6:1.4.11 as build')
        .replace('USER 12345', 'USR 12345'),
    );
    const r = check(['dockerfile', 'xk6.Dockerfile'], {}, dir);
    refuses(r, `xk6.Dockerfile:${lineOf(text, 'USR 12345')}`, /unknown instruction: USR \(did you mean USER\?\)/);
    const lint = broken('xk6.Dockerfile', (t) =>
      t.replace('FROM grafana/xk6:1.4.11 AS build', 'FROM grafana/xk6:1.4.11 as build'),
    );
    refuses(
      check(['dockerfile', 'xk6.Dockerfile'], {}, lint.dir),
      `xk6.Dockerfile:${lineOf(lint.text, 'as build')}`,
      /FromAsCasing/,
    );
  });

  it('the default run finds a broken Dockerfile through the compose file that builds it', () => {
    const dir = temp();
    for (const f of [
      'docker-compose.yml',
      'docker-compose.k6.yml',
      'chaos',
      '.github',
      'src/consumer/Dockerfile',
      'xk6.Dockerfile',
    ])
      cpSync(join(root, f), join(dir, f), { recursive: true });
    writeFileSync(
      join(dir, 'xk6.Dockerfile'),
      readFileSync(join(dir, 'xk6.Dockerfile'), 'utf8').replace('ENTRYPOINT ["k6"]', 'ENTRYPOINT k6'),
    );
    const r = check(['-C', dir], API);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^xk6\.Dockerfile:\d+: JSONArgsRecommended: /m);
  });
});
