// netem is Pumba's tc netem in the plan; here it maps onto Toxiproxy: loss 100% = a partition, delay+jitter =
// a `latency` toxic, rate = a `bandwidth` toxic. Partial loss is refused: Toxiproxy has no packet-level loss.
import { percent, type Checker, type Path } from '../checker.js';
import type { Toxic } from '../primitives.js';
import {
  blackholeToxics,
  modeParam,
  networkChaos,
  proxyOps,
  toxicName,
  withProxies,
  type NetworkParams,
} from './network.js';
import type { FaultType } from './types.js';

const RATE_UNITS: Record<string, number> = { kbit: 1 / 8, mbit: 1000 / 8, gbit: 1_000_000 / 8, kb: 1, mb: 1000 };

/** Bandwidth (`1mbit`, `512kbit`, `100KB`) → KB/s, Toxiproxy's unit. */
function rate(c: Checker, v: unknown, path: Path): number | undefined {
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(kbit|mbit|gbit|kb|mb)\s*$/i.exec(v) : null;
  if (!m) return c.fail(path, `must be a bandwidth such as 1mbit, 512kbit or 100KB, got ${JSON.stringify(v)}`);
  const kbps = Number(m[1]) * RATE_UNITS[m[2].toLowerCase()];
  if (kbps < 1) return c.fail(path, 'bandwidth below 1 KB/s cannot be expressed in Toxiproxy');
  return Math.round(kbps);
}

export const netem: FaultType<{ network: NetworkParams }> = {
  name: 'netem',
  description:
    "Degrades the target's Toxiproxy links: loss 100% (a partition, blackhole or down), delay with jitter, a bandwidth cap.",
  paramKeys: ['duration', 'loss', 'delay', 'jitter', 'rate', 'interface', 'proxies', 'partition'],
  example: { delay: '500ms', jitter: '100ms' },
  parseParams(c, { params: p, at }) {
    const network = withProxies(c, p, at);
    if (p.loss !== undefined) {
      const loss = percent(c, p.loss, at.concat('loss'));
      if (loss !== undefined && loss !== 100 && loss !== 0) {
        c.fail(
          at.concat('loss'),
          `only 100% loss (a partition) can be injected: netem maps to Toxiproxy, which has no packet-level loss; got ${loss}%`,
        );
      } else if (loss === 100) network.partition = 'blackhole';
    }
    if (p.partition !== undefined) {
      const mode = modeParam(c, p.partition, at.concat('partition'));
      if (mode && network.partition) network.partition = mode;
      else if (mode) c.fail(at.concat('partition'), 'only meaningful with loss: 100%');
    }
    const delay = c.duration(p, 'delay', at, false);
    if (delay !== undefined) network.delayMs = delay;
    const jitter = c.duration(p, 'jitter', at, false);
    if (jitter !== undefined) {
      if (delay === undefined) c.fail(at.concat('jitter'), 'jitter needs a delay');
      network.jitterMs = jitter;
    }
    if (p.rate !== undefined) network.rateKBps = rate(c, p.rate, at.concat('rate'));
    if (p.interface !== undefined && typeof p.interface !== 'string')
      c.fail(
        at.concat('interface'),
        'must be a string (accepted and ignored: Toxiproxy works per link, not per interface)',
      );
    if (!network.partition && delay === undefined && network.rateKBps === undefined)
      c.fail(at, 'netem needs loss: 100%, delay or rate');
    return { network };
  },
  plan(a, { faultId }) {
    const net = a.network;
    const toxics: Toxic[] = net.partition === 'blackhole' ? blackholeToxics(faultId) : [];
    if (net.delayMs !== undefined) {
      toxics.push({
        name: toxicName(faultId, 'latency'),
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: net.delayMs, jitter: net.jitterMs ?? 0 },
      });
    }
    if (net.rateKBps !== undefined) {
      toxics.push({
        name: toxicName(faultId, 'bandwidth'),
        type: 'bandwidth',
        stream: 'downstream',
        toxicity: 1,
        attributes: { rate: net.rateKBps },
      });
    }
    return proxyOps(a.target, net, toxics);
  },
  chaosMesh: networkChaos,
};
