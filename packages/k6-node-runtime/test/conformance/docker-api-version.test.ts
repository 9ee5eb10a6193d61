// The Docker API version rule (src/io/docker-api.ts) through the real CLI against this machine's engine:
// xk6-docker never negotiates, so a DOCKER_API_VERSION the engine refuses must stop the run in one line that
// says what to run, and an unset one is negotiated only with a warning that real k6 would fail.
import { beforeAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { built, results, run } from './helpers.js';
import { XK6_DOCKER_API, compareApi } from '../../src/io/docker-api.js';

let engine: { api: string; minApi: string } | undefined;
beforeAll(async () => {
  try {
    const v = await new Docker().version();
    engine = { api: v.ApiVersion, minApi: (v as { MinAPIVersion?: string }).MinAPIVersion ?? v.ApiVersion };
  } catch {
    engine = undefined;
  }
});

const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at /);
const accepts1_42 = () =>
  engine !== undefined && compareApi(XK6_DOCKER_API, engine.minApi) >= 0 && compareApi(XK6_DOCKER_API, engine.api) <= 0;

describe.skipIf(!built)('Docker API version for k6/x/docker', () => {
  it('the engine answers (these cases need one: `bash scripts/setup.sh` starts it)', () => {
    expect(engine).toBeDefined();
  });

  it("DOCKER_API_VERSION = the engine's own version: the calls work", () => {
    const r = run('docker-list.js', [], { DOCKER_API_VERSION: engine!.api });
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([{ listed: true }]);
    expect(r.stderr).not.toContain('DOCKER_API_VERSION');
  });

  it('a version above the engine: exit 104 and one line naming the range, the variable and the command', () => {
    const [maj, min] = engine!.api.split('.').map(Number);
    const tooNew = `${maj}.${min + 5}`;
    const r = run('docker-list.js', [], { DOCKER_API_VERSION: tooNew });
    expect(r.code).toBe(104);
    const lines = r.stderr.split('\n').filter((l) => l.includes('DOCKER_API_VERSION'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`DOCKER_API_VERSION=${tooNew} is not accepted by the Docker engine`);
    expect(lines[0]).toContain(`API ${engine!.minApi}–${engine!.api}`);
    expect(lines[0]).toContain(`export DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`);
    expect(results(r)).toEqual([]); // nothing of the script ran
    noStackTrace(r.stderr);
  });

  it('not a version: exit 104, one line', () => {
    const r = run('docker-list.js', [], { DOCKER_API_VERSION: 'latest' });
    expect(r.code).toBe(104);
    expect(r.stderr).toMatch(/DOCKER_API_VERSION=latest is not an API version/);
    noStackTrace(r.stderr);
  });

  it("unset: xk6-docker's 1.42 where the engine takes it, else the engine's version with a warning that k6 would fail", () => {
    const r = run('docker-list.js', [], { DOCKER_API_VERSION: '' });
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([{ listed: true }]);
    if (accepts1_42()) expect(r.stderr).not.toContain('DOCKER_API_VERSION is not set');
    else {
      expect(r.stderr).toMatch(
        /level=warning msg="DOCKER_API_VERSION is not set .* real k6 would fail every Docker call/,
      );
      expect(r.stderr).toContain(`using ${engine!.api} here`);
    }
  });
});
