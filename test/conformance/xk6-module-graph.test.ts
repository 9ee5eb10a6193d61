// xk6.Dockerfile cannot be built here (k6 is not built on this project's machines), so its module graph is
// checked with Go's own resolution: a stand-in of xk6's build module (k6 + the four --with extensions, whose
// requirements come from deploy/xk6/module-graph.json because the proxy here does not serve them) gets the
// Dockerfile's --replace flags, `go list -m` says which Docker SDK minimal version selection picks, and
// deploy/xk6/docker-sdk-surface (the SDK calls xk6-docker v0.2.0 makes) is type-checked against it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './helpers.js';

interface Module {
  module: string;
  version: string;
  go: string;
  requires: Record<string, string>;
}
const facts = JSON.parse(readFileSync(join(root, 'deploy/xk6/module-graph.json'), 'utf8')) as {
  k6: { module: string; version: string };
  extensions: Module[];
};
// The `RUN xk6 build …` instruction with its continuation lines (comments may name flags too).
const build = /^RUN xk6 build (?:.*\\\n)*.*$/m.exec(readFileSync(join(root, 'xk6.Dockerfile'), 'utf8'))?.[0] ?? '';
const k6Version = /xk6 build (v\S+)/.exec(build)?.[1];
const withs = [...build.matchAll(/--with (\S+)/g)].map((m) => m[1]);
const replaces = [...build.matchAll(/--replace (\S+)/g)].map((m) => m[1]);
const DOCKER = 'github.com/docker/docker';

const work: string[] = [];
afterAll(() => work.forEach((d) => rmSync(d, { recursive: true, force: true })));

function go(args: string[], cwd: string): { code: number; out: string } {
  const r = spawnSync('go', args, {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      PATH: `${process.env.PATH}:/usr/local/go/bin`,
      GOFLAGS: '-mod=mod',
      GOWORK: 'off',
      GOTOOLCHAIN: 'local',
    },
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

/** xk6's build module: `go mod edit -replace` per --replace (module=replacement[@version], xk6's k6foundry syntax). */
function buildModule(withReplaces: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-xk6-graph-'));
  work.push(dir);
  const lines = ['module k6', '', 'go 1.25.0', '', 'require (', `\t${facts.k6.module} ${k6Version}`];
  for (const e of facts.extensions) lines.push(`\t${e.module} ${e.version}`);
  lines.push(')', '');
  facts.extensions.forEach((e, i) => {
    const standIn = join(dir, 'ext', String(i));
    mkdirSync(standIn, { recursive: true });
    const req = Object.entries(e.requires).map(([m, v]) => `\t${m} ${v}`);
    writeFileSync(
      join(standIn, 'go.mod'),
      [`module ${e.module}`, '', `go ${e.go}`, '', 'require (', ...req, ')', ''].join('\n'),
    );
    lines.push(`replace ${e.module} => ./ext/${i}`);
  });
  for (const r of withReplaces) {
    const [mod, target] = r.split('=');
    const at = target.lastIndexOf('@');
    lines.push(`replace ${mod} => ${at > 0 ? `${target.slice(0, at)} ${target.slice(at + 1)}` : target}`);
  }
  writeFileSync(join(dir, 'go.mod'), lines.join('\n') + '\n');
  cpSync(join(root, 'deploy/xk6/docker-sdk-surface'), join(dir, 'surface'), { recursive: true });
  return dir;
}

/** `go list -m` of a module: its selected version, or the replacement's when replaced. */
function effective(dir: string, mod: string): string {
  const r = go(['list', '-m', '-f', '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}', mod], dir);
  expect(r.code, r.out).toBe(0);
  return r.out.trim().split('\n').pop()!;
}

describe('xk6.Dockerfile module graph (Go minimal version selection over deploy/xk6/module-graph.json)', () => {
  it('the facts table lists exactly the extensions the Dockerfile builds, at its k6 version', () => {
    expect(k6Version).toBe(facts.k6.version);
    expect(withs).toEqual(facts.extensions.map((e) => `${e.module}@${e.version}`));
    for (const r of replaces) expect(r).toMatch(/^[^@=\s]+=[^@=\s]+(@\S+)?$/); // xk6: no version on the module side
  });

  it('without a replace, the postgres driver drags in a Docker SDK that xk6-docker v0.2.0 does not compile against', () => {
    const dir = buildModule([]);
    expect(effective(dir, DOCKER)).toBe(
      facts.extensions.find((e) => e.module.endsWith('xk6-sql-driver-postgres'))!.requires[DOCKER],
    );
    const vet = go(['vet', './surface'], dir);
    expect(vet.code).not.toBe(0);
    expect(vet.out).toMatch(/undefined: types\.(ContainerListOptions|Volume)/);
  });

  it("with the Dockerfile's replaces, xk6-docker's Docker SDK is selected, its calls type-check, and k6 stays v1.8.1", () => {
    const dir = buildModule(replaces);
    expect(effective(dir, DOCKER)).toBe(
      facts.extensions.find((e) => e.module.endsWith('xk6-docker'))!.requires[DOCKER],
    );
    expect(effective(dir, facts.k6.module)).toBe(k6Version);
    const vet = go(['vet', './surface'], dir);
    expect(vet.out).not.toMatch(/undefined:/);
    expect(vet.code, vet.out).toBe(0);
  });
});
