// The project-specific wiring of docker-compose.k6.yml and the CI workflow (remote write, the exit-99 gate, the
// reports, the order of steps). Whether the files load and lint at all — compose-go as docker compose loads them,
// actionlint + shellcheck, the Dockerfile lint, the README's k6 commands and mounts — is
// test/conformance/ci-files-check.test.ts; xk6.Dockerfile's module graph is test/conformance/xk6-module-graph.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const read = (f: string) => readFileSync(`${root}${f}`, 'utf8');

describe('docker-compose.k6.yml', () => {
  it("sends k6 metrics to the stack's Prometheus by remote write", () => {
    const env = parse(read('docker-compose.k6.yml')).services.k6.environment;
    expect(env.K6_OUT).toBe('experimental-prometheus-rw');
    expect(env.K6_PROMETHEUS_RW_SERVER_URL).toBe('http://cdc-prometheus:9090/api/v1/write');
  });
});

describe('.github/workflows/chaos.yml', () => {
  const wf = parse(read('.github/workflows/chaos.yml'));
  const steps: { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> }[] =
    wf.jobs.chaos.steps;
  it('builds the xk6 image, starts the stack, runs the bundles, fails on exit 99 and keeps the reports', () => {
    expect(steps.some((s) => s.run?.includes('docker compose -f docker-compose.k6.yml build'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('docker compose up -d --wait'))).toBe(true);
    const api = steps.findIndex(
      (s) =>
        s.run?.includes(`DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`) &&
        s.run.includes('GITHUB_ENV'),
    );
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
