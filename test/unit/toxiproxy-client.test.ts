// The one Node Toxiproxy client (src/chaos/toxiproxy.ts) as `stack up` and heal use it, against a stand-in API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearHarnessToxics, enableProxy, listProxies } from '../../src/chaos/toxiproxy.js';
import { PROXIES, type ProxyDef } from '../../src/experiment/contract.js';
import { TOXIC_PREFIX } from '../../src/experiment/primitives.js';
import { ensureProxies } from '../../src/stack/proxies.js';

type Proxy = ProxyDef & { toxics: { name: string; type: string }[] };
const proxies: Record<string, Proxy> = {};
const requests: string[] = [];
const server = createServer((req, res) => {
  let text = '';
  req.on('data', (b: Buffer) => (text += b.toString()));
  req.on('end', () => {
    requests.push(`${req.method} ${req.url}`);
    const body = text ? (JSON.parse(text) as Partial<Proxy>) : {};
    const one = /^\/proxies\/([^/]+)(\/toxics(?:\/([^/]+))?)?$/.exec(req.url ?? '');
    const p = one ? proxies[decodeURIComponent(one[1])] : undefined;
    let status = 200;
    let answer: unknown = {};
    if (req.url === '/proxies' && req.method === 'GET') answer = proxies;
    else if (req.url === '/proxies' && req.method === 'POST') {
      proxies[body.name!] = { ...(body as ProxyDef), toxics: [] };
      status = 201;
    } else if (!p) {
      status = 404;
      answer = { error: 'proxy not found' };
    } else if (one![3] && req.method === 'DELETE') {
      p.toxics = p.toxics.filter((t) => t.name !== decodeURIComponent(one![3]));
      status = 204;
    } else if (one![2]) answer = p.toxics;
    else Object.assign(p, body);
    res.statusCode = status;
    res.end(status === 204 ? undefined : JSON.stringify(answer));
  });
});
const api = { toxiproxyUrl: '' };

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api.toxiproxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('Toxiproxy client', () => {
  it("stack up creates the contract's proxies, then repairs only what a fault changed", async () => {
    expect(await ensureProxies(() => {}, api)).toEqual(PROXIES.map((p) => p.name));
    expect(
      (await listProxies(api)).map(({ name, listen, upstream, enabled }) => ({ name, listen, upstream, enabled })),
    ).toEqual([...PROXIES].sort((a, b) => a.name.localeCompare(b.name)));
    proxies.consumer_kafka.enabled = false;
    proxies.connect_postgres.toxics.push({ name: `${TOXIC_PREFIX}x`, type: 'latency' });
    const warnings: string[] = [];
    requests.length = 0;
    expect(await ensureProxies((m) => warnings.push(m), api)).toEqual(['consumer_kafka']);
    expect(requests).toEqual(['GET /proxies', 'POST /proxies/consumer_kafka']);
    expect(warnings).toEqual([
      `warning: proxy connect_postgres still has toxics (${TOXIC_PREFIX}x) - a fault left behind? \`cdc-chaos heal\` removes them`,
    ]);
    expect(await clearHarnessToxics(api, 'connect_postgres')).toBe(`removed ${TOXIC_PREFIX}x from connect_postgres`);
    expect(proxies.connect_postgres.toxics).toEqual([]);
  });

  it('an unreachable API is one line naming TOXIPROXY_URL; a refusal names the call', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = { toxiproxyUrl: `http://127.0.0.1:${(closed.address() as AddressInfo).port}` };
    await new Promise((r) => closed.close(r));
    await expect(listProxies(gone)).rejects.toThrow(
      `Toxiproxy API at ${gone.toxiproxyUrl} is unreachable (ECONNREFUSED): start the stack (cdc-chaos stack up) or set TOXIPROXY_URL`,
    );
    await expect(ensureProxies(() => {}, gone)).rejects.toThrow(/^Toxiproxy: Toxiproxy API at .* is unreachable/);
    await expect(enableProxy(api, 'nope')).rejects.toThrow(
      'Toxiproxy POST /proxies/nope answered 404: {"error":"proxy not found"}',
    );
    await expect(clearHarnessToxics(api, 'nope')).resolves.toBe('no harness toxic on nope');
  });
});
