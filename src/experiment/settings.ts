// The bundle's environment knobs (-e NAME=value, or the process environment), parsed and checked in
// one place: the bundle reads them at init (src/k6/config.ts, from __ENV) and `cdc-chaos inject`
// checks the same values before it starts anything, so a bad value is one line naming the variable,
// the value and the expected form. Pure: no k6 and no Node imports.

import { parseAllowList } from './allowlist.js';
import { DEFAULT_ENDPOINTS, PIPELINE } from './contract.js';
import { parseDurationSetting, parseTimeScale } from './duration.js';
import { parseLease } from './lease.js';
import { parseSeed } from './random.js';
import { SHARDS } from './shards.js';
import type { ScenarioSpec } from './scenario.js';
import { parseDelivery, type Delivery } from './thresholds.js';

export type Env = Record<string, string | undefined>;

export interface RunConfig {
  pgUrl: string;
  mongoUrl: string;
  mongoDb: string;
  toxiproxyUrl: string;
  prometheusUrl: string;
  consumerUrl: string;
  connectUrl: string;
  scale: number;
  /** CHAOS_SEED as given; setup draws one when absent. */
  seedText?: string;
  delivery: Delivery;
  dryRun: boolean;
  runIdText?: string;
  vus: number;
  keepData: boolean;
  reportDir: string;
  /** Verification's wait for quiescence (default: the scenario's slo.quiescence_timeout). */
  quiescenceTimeoutMs: number;
  /** CHAOS_VERIFY_READERS: VUs that read and classify the verification's shards at once (default 2, at most SHARDS). */
  verifyReaders: number;
  /** CHAOS_ONLY: run only the chaos VU (`cdc-chaos inject`: the user's own k6 script drives load). */
  chaosOnly: boolean;
  /** CHAOS_ALLOW: containers allowed as targets besides those labelled io.cdc-chaos.target=true. */
  allow: string[];
  /** CHAOS_SETTLE_TIMEOUT: how long setup's wait for the consumer to catch up may go without the lag falling (0 = no check). */
  settleTimeoutMs: number;
  /** CHAOS_CONSUMER_GROUP: the Kafka group of the consumer under test (its lag is the steady-state check). */
  consumerGroup: string;
  /** CHAOS_LEASE: a fault (and the experiment lock) outlives its runner's last renewal by this much (src/experiment/lease.ts). */
  leaseMs: number;
  /** CHAOS_BACKEND: where faults go — docker (the local stack) or kubernetes (Chaos Mesh); default kubernetes inside a pod. */
  backend: 'docker' | 'kubernetes';
}

function parseBackend(vars: Env): RunConfig['backend'] {
  const b = vars.CHAOS_BACKEND;
  if (b === undefined || b === '') return vars.KUBERNETES_SERVICE_HOST ? 'kubernetes' : 'docker';
  if (b === 'docker' || b === 'kubernetes') return b;
  throw new Error(`CHAOS_BACKEND must be docker or kubernetes, got "${b}"`);
}

function verifyReaders(n: number): number {
  if (n > SHARDS)
    throw new Error(`CHAOS_VERIFY_READERS must be at most ${SHARDS} (a reader reads whole shards), got ${n}`);
  return n;
}

export function readSettings(vars: Env, scenario: ScenarioSpec): RunConfig {
  const env = (name: string, fallback: string): string => {
    const v = vars[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const flag = (name: string): boolean => /^(1|true|yes)$/i.test(env(name, ''));
  const positiveInt = (name: string, fallback: number): number => {
    const text = env(name, String(fallback));
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
    return n;
  };
  const seedText = vars.CHAOS_SEED;
  parseSeed(seedText, () => 0); // checked now; drawn at setup when absent
  const runIdText = vars.CHAOS_RUN_ID;
  if (runIdText && !/^[A-Za-z0-9_-]{1,64}$/.test(runIdText))
    throw new Error(`CHAOS_RUN_ID must be 1-64 letters, digits, _ or -, got "${runIdText}"`);
  return {
    pgUrl: env('PG_URL', DEFAULT_ENDPOINTS.PG_URL),
    mongoUrl: env('MONGO_URL', DEFAULT_ENDPOINTS.MONGO_URL),
    mongoDb: env('MONGO_DB', PIPELINE.mongoDatabase),
    toxiproxyUrl: env('TOXIPROXY_URL', DEFAULT_ENDPOINTS.TOXIPROXY_URL).replace(/\/+$/, ''),
    prometheusUrl: env('PROMETHEUS_URL', DEFAULT_ENDPOINTS.PROMETHEUS_URL).replace(/\/+$/, ''),
    consumerUrl: env('CONSUMER_URL', DEFAULT_ENDPOINTS.CONSUMER_URL).replace(/\/+$/, ''),
    connectUrl: env('CONNECT_URL', DEFAULT_ENDPOINTS.CONNECT_URL).replace(/\/+$/, ''),
    scale: parseTimeScale(vars.CHAOS_TIME_SCALE),
    seedText,
    delivery: parseDelivery(vars.CDC_DELIVERY),
    dryRun: flag('CHAOS_DRY_RUN'),
    runIdText,
    vus: positiveInt('CHAOS_VUS', scenario.load.vus),
    keepData: flag('CHAOS_KEEP_DATA'),
    reportDir: env('CHAOS_REPORT_DIR', 'reports').replace(/\/+$/, ''),
    quiescenceTimeoutMs: vars.CHAOS_QUIESCENCE_TIMEOUT
      ? parseDurationSetting('CHAOS_QUIESCENCE_TIMEOUT', vars.CHAOS_QUIESCENCE_TIMEOUT)
      : scenario.slo.quiescenceTimeoutMs,
    verifyReaders: verifyReaders(positiveInt('CHAOS_VERIFY_READERS', 2)),
    chaosOnly: flag('CHAOS_ONLY'),
    allow: parseAllowList(vars.CHAOS_ALLOW),
    settleTimeoutMs:
      vars.CHAOS_SETTLE_TIMEOUT === '0'
        ? 0
        : vars.CHAOS_SETTLE_TIMEOUT
          ? parseDurationSetting('CHAOS_SETTLE_TIMEOUT', vars.CHAOS_SETTLE_TIMEOUT, '0 = no check')
          : 90_000,
    consumerGroup: env('CHAOS_CONSUMER_GROUP', PIPELINE.consumerGroup),
    leaseMs: parseLease(vars.CHAOS_LEASE),
    backend: parseBackend(vars),
  };
}
