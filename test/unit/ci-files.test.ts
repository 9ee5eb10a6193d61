// docker-compose.k6.yml and the CI workflow cannot run here (no registry, no k6): their wiring and the
// exit-99 gate. xk6.Dockerfile's module graph is checked by Go itself (test/conformance/xk6-module-graph.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const read = (f: string) => readFileSync(`${root}${f}`, 'utf8');

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
  it("takes DOCKER_API_VERSION from the caller's environment and refuses to start without it (xk6-docker never negotiates)", () => {
    expect(k6.environment.DOCKER_API_VERSION).toMatch(/^\$\{DOCKER_API_VERSION:\?[^}]+\}$/);
  });
});

describe('.github/workflows/chaos.yml', () => {
  const wf = parse(read('.github/workflows/chaos.yml'));
  const steps: { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[] = wf.jobs.chaos.steps;
  it('builds the xk6 image, starts the stack, runs the bundles, fails on exit 99 and keeps the reports', () => {
    expect(steps.some((s) => s.run?.includes('docker compose -f docker-compose.k6.yml build'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('docker compose up -d --wait'))).toBe(true);
    const api = steps.findIndex((s) => s.run?.includes(`DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`) && s.run.includes('GITHUB_ENV'));
    const build = steps.findIndex((s) => s.run?.includes('docker compose -f docker-compose.k6.yml build'));
    expect(api).toBeGreaterThanOrEqual(0);
    expect(api).toBeLessThan(build); // compose interpolates the variable when it loads the file
    const run = steps.find((s) => s.name === 'Run the experiments')?.run ?? '';
    expect(run).toMatch(/dist\/chaos-\*\.js/);
    expect(run).toMatch(/"\$code" -eq 99/);
    expect(run).toMatch(/exit \$failed/);
    const keep = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(keep?.if).toBe('always()');
    expect(keep?.with?.path).toBe('reports/');
  });
});
