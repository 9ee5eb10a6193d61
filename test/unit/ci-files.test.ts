// xk6.Dockerfile, docker-compose.k6.yml and the CI workflow cannot run here (no registry, no k6):
// these tests keep them correct by construction — pins, wiring and the exit-99 gate.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const read = (f: string) => readFileSync(`${root}${f}`, 'utf8');

describe('xk6.Dockerfile', () => {
  const text = read('xk6.Dockerfile');
  it('pins k6 v1.8.1 and the four extensions at the versions that share the k6 v1 module', () => {
    expect(text).toMatch(/^FROM grafana\/xk6:1\.4\.11 AS build$/m);
    expect(text).toMatch(/xk6 build v1\.8\.1 /);
    const withs = [...text.matchAll(/--with (\S+)/g)].map((m) => m[1]);
    expect(withs).toEqual([
      'github.com/grafana/xk6-sql@v1.0.6',
      'github.com/grafana/xk6-sql-driver-postgres@v0.1.2',
      'github.com/GhMartingit/xk6-mongo@v1.2.0',
      'github.com/grafana/xk6-docker@v0.2.0',
    ]);
    expect(text).toMatch(/ENTRYPOINT \["k6"\]/);
  });
});

describe('docker-compose.k6.yml', () => {
  const doc = parse(read('docker-compose.k6.yml'));
  const k6 = doc.services.k6;
  it('runs the xk6 image on cdc-network with the docker socket and dist/ mounted', () => {
    expect(k6.build.dockerfile).toBe('xk6.Dockerfile');
    expect(k6.networks).toEqual(['cdc-network']);
    expect(doc.networks['cdc-network']).toMatchObject({ name: 'cdc-network', external: true });
    expect(k6.volumes).toEqual(expect.arrayContaining(['/var/run/docker.sock:/var/run/docker.sock', './dist:/dist:ro']));
  });
  it('points every bundle knob at the in-network contract names and remote-writes to Prometheus', () => {
    const env = k6.environment;
    for (const k of ['PG_URL', 'MONGO_URL', 'TOXIPROXY_URL', 'PROMETHEUS_URL', 'CONSUMER_URL', 'CONNECT_URL']) expect(env[k]).toMatch(/cdc-/);
    expect(env.K6_OUT).toBe('experimental-prometheus-rw');
    expect(env.K6_PROMETHEUS_RW_SERVER_URL).toBe('http://cdc-prometheus:9090/api/v1/write');
  });
});

describe('.github/workflows/chaos.yml', () => {
  const wf = parse(read('.github/workflows/chaos.yml'));
  const steps: { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[] = wf.jobs.chaos.steps;
  it('builds the xk6 image, starts the stack, runs the bundles, fails on exit 99 and keeps the reports', () => {
    expect(steps.some((s) => s.run?.includes('docker compose -f docker-compose.k6.yml build'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('docker compose up -d --wait'))).toBe(true);
    const run = steps.find((s) => s.name === 'Run the experiments')?.run ?? '';
    expect(run).toMatch(/dist\/chaos-\*\.js/);
    expect(run).toMatch(/"\$code" -eq 99/);
    expect(run).toMatch(/exit \$failed/);
    const keep = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(keep?.if).toBe('always()');
    expect(keep?.with?.path).toBe('reports/');
  });
});
