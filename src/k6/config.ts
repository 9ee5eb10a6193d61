// Everything a bundle knows before it runs: the embedded scenario (define'd by build/bundles.mjs),
// the environment knobs (-e NAME=value), and the resolved timeline and fault plan at this time
// scale. Init code: runs in every VU, so it must stay cheap and touch no service.

import { parseAllowList } from '../experiment/allowlist.js';
import { parseDuration, parseTimeScale } from '../experiment/duration.js';
import { planFaults, type FaultPlan } from '../experiment/fault-plan.js';
import { parseLease } from '../experiment/lease.js';
import type { ScenarioSpec } from '../experiment/scenario.js';
import { parseDelivery, planRules, type Delivery, type PlannedRule } from '../experiment/thresholds.js';

declare const __CHAOS_SCENARIO__: ScenarioSpec;

export const SCENARIO: ScenarioSpec = __CHAOS_SCENARIO__;

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
  /** CHAOS_ONLY: run only the chaos VU (`cdc-chaos inject`: the user's own k6 script drives load). */
  chaosOnly: boolean;
  /** CHAOS_ALLOW: containers allowed as targets besides those labelled io.cdc-chaos.target=true. */
  allow: string[];
  /** CHAOS_SETTLE_TIMEOUT: setup's wait for the consumer to catch up before the baseline (0 = no check). */
  settleTimeoutMs: number;
  /** CHAOS_CONSUMER_GROUP: the Kafka group of the consumer under test (its lag is the steady-state check). */
  consumerGroup: string;
  /** CHAOS_LEASE: a fault (and the experiment lock) outlives its runner's last renewal by this much (src/experiment/lease.ts). */
  leaseMs: number;
}

function env(name: string, fallback: string): string {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : v;
}

function flag(name: string): boolean {
  return /^(1|true|yes)$/i.test(env(name, ''));
}

function positiveInt(name: string, fallback: number): number {
  const text = env(name, String(fallback));
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return n;
}

export const CONFIG: RunConfig = {
  pgUrl: env('PG_URL', 'postgres://postgres:postgres@127.0.0.1:5432/cdc?sslmode=disable'),
  mongoUrl: env('MONGO_URL', 'mongodb://127.0.0.1:27017/'),
  mongoDb: env('MONGO_DB', 'cdc'),
  toxiproxyUrl: env('TOXIPROXY_URL', 'http://127.0.0.1:8474').replace(/\/+$/, ''),
  prometheusUrl: env('PROMETHEUS_URL', 'http://127.0.0.1:9090').replace(/\/+$/, ''),
  consumerUrl: env('CONSUMER_URL', 'http://127.0.0.1:8080').replace(/\/+$/, ''),
  connectUrl: env('CONNECT_URL', 'http://127.0.0.1:8083').replace(/\/+$/, ''),
  scale: parseTimeScale(__ENV.CHAOS_TIME_SCALE),
  seedText: __ENV.CHAOS_SEED,
  delivery: parseDelivery(__ENV.CDC_DELIVERY),
  dryRun: flag('CHAOS_DRY_RUN'),
  runIdText: __ENV.CHAOS_RUN_ID,
  vus: positiveInt('CHAOS_VUS', SCENARIO.load.vus),
  keepData: flag('CHAOS_KEEP_DATA'),
  reportDir: env('CHAOS_REPORT_DIR', 'reports').replace(/\/+$/, ''),
  quiescenceTimeoutMs: __ENV.CHAOS_QUIESCENCE_TIMEOUT ? parseDuration(__ENV.CHAOS_QUIESCENCE_TIMEOUT) : SCENARIO.slo.quiescenceTimeoutMs,
  chaosOnly: flag('CHAOS_ONLY'),
  allow: parseAllowList(__ENV.CHAOS_ALLOW),
  settleTimeoutMs: __ENV.CHAOS_SETTLE_TIMEOUT === '0' ? 0 : __ENV.CHAOS_SETTLE_TIMEOUT ? parseDuration(__ENV.CHAOS_SETTLE_TIMEOUT) : 90_000,
  consumerGroup: env('CHAOS_CONSUMER_GROUP', 'cdc-consumer'),
  leaseMs: parseLease(__ENV.CHAOS_LEASE),
};

export const PLAN: FaultPlan = planFaults(SCENARIO, CONFIG.scale);

/** The rules this run judges: alert rules below their minimum time scale are left out (and reported). */
export const JUDGED_RULES: PlannedRule[] = planRules(SCENARIO, CONFIG.scale).filter((p) => !p.skipped);

/** What setup() hands to every VU and to teardown (JSON). */
export interface RunData {
  runId: string;
  seed: number;
  /** Wall-clock ms of timeline offset 0. */
  epochMs: number;
  hotKeys: string[];
  dryRun: boolean;
}

/** Timeline offset now, ms. */
export function offsetNow(data: RunData): number {
  return Date.now() - data.epochMs;
}
