// DOCKER_HOST & co. read as the docker CLI reads them (packages/k6-node-runtime/src/io/docker-connection.ts): the one
// set-up behind `stack`, `heal`/`guard` and the runtime's k6/x/docker calls.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chaosEnv } from '../../src/chaos/env.js';
import { XK6_DOCKER_API } from 'k6-node-runtime/io/docker-api.js';
import { handlers } from 'k6-node-runtime/io/docker.js';
import { certDir, cliDocker, dockerConnection } from 'k6-node-runtime/io/docker-connection.js';
import { docker } from '../../src/stack/engine.js';

const certs = mkdtempSync(join(tmpdir(), 'cdc-chaos-certs-'));
for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), `${f} bytes`);

describe('DOCKER_HOST', () => {
  it('unset or empty: the local socket', () => {
    for (const env of [{}, { DOCKER_HOST: '' }, { DOCKER_HOST: '  ' }]) {
      expect(dockerConnection(env)).toEqual({
        host: 'unix:///var/run/docker.sock',
        local: true,
        apiVersion: undefined,
        options: { socketPath: '/var/run/docker.sock' },
      });
    }
  });

  it('unix:// names the socket', () => {
    expect(dockerConnection({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toMatchObject({
      local: true,
      options: { socketPath: '/run/user/1000/docker.sock' },
    });
  });

  it('tcp:// without TLS: http, port 2375 by default', () => {
    expect(dockerConnection({ DOCKER_HOST: 'tcp://engine.example:2377' })).toEqual({
      host: 'tcp://engine.example:2377',
      local: false,
      apiVersion: undefined,
      options: { host: 'engine.example', port: 2377, protocol: 'http' },
    });
    expect(dockerConnection({ DOCKER_HOST: 'tcp://engine.example' }).options).toEqual({
      host: 'engine.example',
      port: 2375,
      protocol: 'http',
    });
    // As the CLI: a bare host:port is tcp, an empty host is localhost, IPv6 in brackets.
    expect(dockerConnection({ DOCKER_HOST: '10.0.0.5:2375' }).host).toBe('tcp://10.0.0.5:2375');
    expect(dockerConnection({ DOCKER_HOST: 'tcp://:2375' }).options).toMatchObject({ host: 'localhost', port: 2375 });
    expect(dockerConnection({ DOCKER_HOST: 'tcp://[::1]:2375' }).options).toMatchObject({ host: '::1', port: 2375 });
  });

  it('DOCKER_TLS_VERIFY: https on 2376 with the certificates of DOCKER_CERT_PATH, verified', () => {
    const c = dockerConnection({
      DOCKER_HOST: 'tcp://engine.example',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certs,
    });
    expect(c.host).toBe('tcp://engine.example:2376');
    expect(c.options).toMatchObject({ host: 'engine.example', port: 2376, protocol: 'https' });
    expect([c.options.ca, c.options.cert, c.options.key].map(String)).toEqual([
      'ca.pem bytes',
      'cert.pem bytes',
      'key.pem bytes',
    ]);
    expect(c.options.agent).toBeUndefined(); // Node's default: the certificate is verified
  });

  it('DOCKER_TLS alone: https without verification; a missing certificate file is left out', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cdc-chaos-nocerts-'));
    const c = dockerConnection({ DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: empty });
    expect(c.options).toMatchObject({ protocol: 'https', ca: undefined, cert: undefined, key: undefined });
    expect(c.options.agent?.options.rejectUnauthorized).toBe(false);
    // TLS off: neither variable set (an empty DOCKER_TLS_VERIFY is unset, as in the CLI); the certificates are not read.
    expect(
      dockerConnection({ DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: certs }).options,
    ).toEqual({ host: 'engine.example', port: 2375, protocol: 'http' });
  });

  it('DOCKER_CERT_PATH defaults to ~/.docker', () => {
    expect(certDir({})).toBe(join(homedir(), '.docker'));
    expect(certDir({ DOCKER_CERT_PATH: certs })).toBe(certs);
  });

  it('a malformed DOCKER_HOST is one line naming it and what to write', () => {
    const cases: [string, string][] = [
      [
        'tcp://engine:abc',
        'DOCKER_HOST="tcp://engine:abc" is not a host[:port] address; use unix:///path/to/docker.sock or tcp://host:port (or unset it for unix:///var/run/docker.sock)',
      ],
      [
        'unix://',
        'DOCKER_HOST="unix://" names no socket path; use unix:///path/to/docker.sock or tcp://host:port (or unset it for unix:///var/run/docker.sock)',
      ],
      [
        'ssh://me@engine',
        'DOCKER_HOST="ssh://me@engine" uses ssh://, which cdc-chaos does not support; use unix:///path/to/docker.sock or tcp://host:port (or unset it for unix:///var/run/docker.sock)',
      ],
      [
        'tcp://engine:2375/v1',
        'DOCKER_HOST="tcp://engine:2375/v1" has more than host[:port] (no user, path or query is supported); use unix:///path/to/docker.sock or tcp://host:port (or unset it for unix:///var/run/docker.sock)',
      ],
    ];
    for (const [host, message] of cases) expect(() => dockerConnection({ DOCKER_HOST: host }), host).toThrow(message);
  });
});

describe('DOCKER_API_VERSION', () => {
  it('is passed on as given; the CLI-style client checks it and speaks it', () => {
    expect(dockerConnection({ DOCKER_API_VERSION: ' 1.43 ' }).apiVersion).toBe('1.43');
    expect(dockerConnection({ DOCKER_API_VERSION: 'latest' }).apiVersion).toBe('latest'); // the runtime words its own error (docker-api.ts)
    const modemVersion = (env: Record<string, string>) =>
      (cliDocker(env).docker.modem as unknown as { version?: string }).version;
    expect(modemVersion({ DOCKER_API_VERSION: '1.43' })).toBe('v1.43');
    expect(modemVersion({})).toBeUndefined(); // unversioned: the engine's own
    expect(() => cliDocker({ DOCKER_API_VERSION: 'latest' })).toThrow(
      `DOCKER_API_VERSION="latest" is not an API version such as 1.43; unset it or run: export DOCKER_API_VERSION=$(docker version --format '{{.Server.APIVersion}}')`,
    );
  });
});

describe('one engine for every client', () => {
  it('with DOCKER_HOST=tcp://…, stack, heal and the k6/x/docker calls all reach that engine', async () => {
    const seen: string[] = [];
    const engine = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('Content-Type', 'application/json');
      res.end(
        req.url?.endsWith('/_ping')
          ? 'OK'
          : JSON.stringify({ Name: '/cdc-kafka', State: { Running: true }, Config: { Labels: {} } }),
      );
    });
    await new Promise<void>((r) => engine.listen(0, '127.0.0.1', r));
    const saved = { host: process.env.DOCKER_HOST, api: process.env.DOCKER_API_VERSION };
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${(engine.address() as AddressInfo).port}`;
    delete process.env.DOCKER_API_VERSION;
    try {
      await docker().ping();
      await chaosEnv().docker.getContainer('cdc-kafka').inspect();
      await handlers['docker.containers.inspect'](['cdc-kafka'], {} as never);
    } finally {
      for (const [k, v] of [
        ['DOCKER_HOST', saved.host],
        ['DOCKER_API_VERSION', saved.api],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await new Promise((r) => engine.close(r));
    }
    // The harness speaks the engine's own version (unversioned), the runtime xk6-docker's.
    expect(seen).toEqual(['/_ping', '/containers/cdc-kafka/json', `/v${XK6_DOCKER_API}/containers/cdc-kafka/json`]);
  });
});
