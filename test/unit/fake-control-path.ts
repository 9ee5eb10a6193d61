// A stand-in for the Docker engine (on a unix socket, as DOCKER_HOST names it) and Toxiproxy's API,
// for heal tests without a stack: every container is an allowlisted, running target; no container
// is listed (so the leftover check execs nothing); Toxiproxy has no proxy. Requests are recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface FakeControlPath {
  dockerHost: string;
  toxiproxyUrl: string;
  /** "METHOD path" of every request, Docker's without the API version prefix. */
  requests: string[];
  close(): Promise<void>;
}

function listen(server: Server, at: string | number): Promise<void> {
  return new Promise((resolve) => server.listen(at, resolve));
}

export async function fakeControlPath(dir: string): Promise<FakeControlPath> {
  const requests: string[] = [];
  const docker = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/v\d+\.\d+/, '').split('?')[0];
    requests.push(`${req.method} ${path}`);
    const inspect = /^\/containers\/([^/]+)\/json$/.exec(path);
    res.setHeader('Content-Type', 'application/json');
    if (inspect) {
      const name = decodeURIComponent(inspect[1]);
      res.end(
        JSON.stringify({
          Name: `/${name}`,
          State: { Running: true, Paused: false, Status: 'running' },
          Config: { Labels: { 'io.cdc-chaos.target': 'true' } },
        }),
      );
    } else if (path === '/containers/json') res.end('[]');
    else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: `fake engine: no ${path}` }));
    }
  });
  const toxiproxy = createServer((req, res) => {
    requests.push(`${req.method} toxiproxy ${req.url}`);
    res.setHeader('Content-Type', 'application/json');
    if (req.method === 'GET' && req.url === '/proxies') res.end('{}');
    else {
      res.statusCode = req.method === 'DELETE' ? 204 : 200;
      res.end(req.method === 'DELETE' ? undefined : '{}');
    }
  });
  const socket = join(dir, 'docker.sock');
  await listen(docker, socket);
  await listen(toxiproxy, 0);
  return {
    dockerHost: `unix://${socket}`,
    toxiproxyUrl: `http://127.0.0.1:${(toxiproxy.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      await new Promise((r) => docker.close(r));
      await new Promise((r) => toxiproxy.close(r));
    },
  };
}
