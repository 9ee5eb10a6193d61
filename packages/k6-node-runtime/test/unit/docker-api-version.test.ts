// The Docker API version rule as a pure function (src/io/docker-api.ts).
import { describe, expect, it } from 'vitest';
import { compareApi, decideApiVersion } from '../../src/io/docker-api.js';

const host = 'unix:///var/run/docker.sock';
const debian = { api: '1.41', minApi: '1.12' }; // Debian 12's docker.io 20.10
const engine29 = { api: '1.52', minApi: '1.44' }; // Docker Engine 29 refuses what xk6-docker speaks by default
const engine25 = { api: '1.45', minApi: '1.24' };

describe('decideApiVersion', () => {
  it('compares versions numerically, not as strings', () => {
    expect(compareApi('1.9', '1.41')).toBeLessThan(0);
    expect(compareApi('1.42', '1.42')).toBe(0);
    expect(compareApi('2.0', '1.99')).toBeGreaterThan(0);
  });
  it('a set version the engine accepts is used as is, silently (as k6 would)', () => {
    expect(decideApiVersion('1.41', debian, host)).toEqual({ version: '1.41' });
    expect(decideApiVersion('1.44', engine29, host)).toEqual({ version: '1.44' });
  });
  it('a set version outside the engine range is one line with the range, the variable and the command', () => {
    for (const [v, e] of [
      ['1.42', debian],
      ['1.42', engine29],
      ['1.53', engine29],
    ] as const) {
      const d = decideApiVersion(v, e, host);
      expect(d).toEqual({
        error: expect.stringContaining(
          `DOCKER_API_VERSION=${v} is not accepted by the Docker engine at ${host} (it speaks API ${e.minApi}–${e.api})`,
        ),
      });
      expect((d as { error: string }).error).toContain(
        "run: export DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')",
      );
      expect((d as { error: string }).error).not.toContain('\n');
    }
  });
  it('a malformed version is refused', () => {
    expect(decideApiVersion('v1.41', debian, host)).toEqual({
      error: expect.stringContaining('is not an API version'),
    });
  });
  it("unset: xk6-docker's 1.42 where the engine takes it, silently", () => {
    expect(decideApiVersion(undefined, engine25, host)).toEqual({ version: '1.42' });
  });
  it("unset on an engine that refuses 1.42: the engine's own version, with a notice that real k6 would fail", () => {
    for (const e of [debian, engine29]) {
      const d = decideApiVersion(undefined, e, host) as { version: string; notice: string };
      expect(d.version).toBe(e.api);
      expect(d.notice).toMatch(/real k6 would fail every Docker call; run: export DOCKER_API_VERSION=/);
    }
  });
});
