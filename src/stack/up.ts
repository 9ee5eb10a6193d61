// `stack up`: engine, artifacts, base image, network, containers, schema, proxies, topics, connector, health.
// Idempotent: whatever already runs with the same configuration is left alone. On failure everything this run
// started is removed again (data kept), unless keepOnFailure.
import type Docker from 'dockerode';
import { join } from 'node:path';
import { PROXY_NAMES, CONTAINERS } from '../experiment/contract.js';
import { ensureArtifacts } from './artifacts.js';
import { stackConfig, type StackConfig } from './config.js';
import { connectorConfig, ensureConnector, connectReady } from './connector.js';
import { ensureContainer, inspectOrUndefined, plan, removeStackContainers, type EnsureResult } from './containers.js';
import { ensureEngine } from './engine.js';
import { stackEndpoints, type StackEndpoints } from './env.js';
import { StackError } from './errors.js';
import {
  consumerHealthUrl,
  HOST_PROBED,
  httpOk,
  mongoReady,
  prometheusReadyUrl,
  waitDockerHealthy,
  waitReady,
} from './health.js';
import { ensureBaseImage } from './image.js';
import { ensureNetwork, removeNetwork } from './network.js';
import { checkPortsFree } from './ports.js';
import { progress, type Progress } from './progress.js';
import { ensureProxies, toxiproxyReady } from './proxies.js';
import { ensureSchema, pgReady, slotStreaming } from './schema.js';
import { connectSpec } from './services/connect.js';
import { consumerSpec, describeConsumer, type ConsumerChoice } from './services/consumer.js';
import { guardSpec } from './services/guard.js';
import { kafkaSpec } from './services/kafka.js';
import { lagExporterSpec } from './services/lag-exporter.js';
import { mongodbSpec } from './services/mongodb.js';
import { postgresSpec } from './services/postgres.js';
import { prometheusSpec } from './services/prometheus.js';
import type { ServiceContext, ServiceSpec } from './services/spec.js';
import { toxiproxySpec } from './services/toxiproxy.js';
import { readState, writeState } from './state.js';
import { ensureTopics } from './topics.js';
import { withStackLock } from './lock.js';

export interface UpOptions {
  /** consumer under test; default: what the last `up` used, else the reference consumer */
  consumer?: ConsumerChoice;
  /** extra env for the consumer (e.g. CONSUMER_FAULT for tests); replaces the remembered set when given */
  consumerEnv?: Record<string, string>;
  /** settings merged over the Debezium connector's config; replaces the remembered set when given */
  connectorConfig?: Record<string, string>;
  keepOnFailure?: boolean;
  log?: Progress;
  config?: StackConfig;
}

export interface UpResult {
  endpoints: StackEndpoints;
  changed: string[]; // what this run created, started or changed; empty when the stack was already up
  ms: number;
}

export async function stackUp(opts: UpOptions = {}): Promise<UpResult> {
  const cfg = opts.config ?? stackConfig();
  const log = opts.log ?? progress;
  return withStackLock('stack up', log, cfg.waitMs * 3, () => up(opts, cfg, log));
}

async function up(opts: UpOptions, cfg: StackConfig, log: Progress): Promise<UpResult> {
  const t0 = Date.now();
  const d = await ensureEngine(log, join(cfg.cacheDir, 'logs'));
  const artifacts = await ensureArtifacts(cfg, log);

  const prev = readState(cfg);
  const envChoice: ConsumerChoice | undefined = process.env.CDC_CHAOS_CONSUMER_IMAGE
    ? { kind: 'image', image: process.env.CDC_CHAOS_CONSUMER_IMAGE }
    : process.env.CDC_CHAOS_CONSUMER_CMD
      ? { kind: 'cmd', cmd: process.env.CDC_CHAOS_CONSUMER_CMD }
      : undefined;
  const state = {
    consumer: opts.consumer ?? envChoice ?? prev.consumer,
    consumerEnv: opts.consumerEnv ?? prev.consumerEnv,
    connectorConfig: opts.connectorConfig ?? prev.connectorConfig,
  };

  const ctx: ServiceContext = { cfg, dataDir: (s) => join(cfg.dataDir, s), artifacts };
  const first: ServiceSpec[] = [
    postgresSpec(ctx),
    mongodbSpec(ctx),
    toxiproxySpec(ctx),
    kafkaSpec(ctx),
    prometheusSpec(ctx),
  ];
  const second: ServiceSpec[] = [
    connectSpec(ctx),
    consumerSpec(ctx, state.consumer, state.consumerEnv),
    lagExporterSpec(ctx),
    guardSpec(ctx),
  ];

  // Pre-flight: ports of every container that is not already running as ours must be free. Nothing starts before this.
  if (state.consumer.kind === 'image') {
    const image = state.consumer.image;
    await d
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new StackError(
          `consumer image ${image} is not on this Docker engine`,
          '`docker build`/`docker load` it first (no registry is reachable to pull from), then retry. Nothing was started.',
        );
      });
  }
  const wanted: Array<[string, number]> = [];
  let willTouch = false;
  for (const s of [...first, ...second]) {
    const p = await plan(d, s);
    if (p !== 'unchanged') willTouch = true;
    const info = p === 'unchanged' ? undefined : await inspectOrUndefined(d, s.name);
    if (p !== 'unchanged' && !info?.State.Running)
      for (const h of Object.values(s.ports ?? {})) wanted.push([s.name, h]);
  }
  await checkPortsFree(wanted);
  await ensureBaseImage(d, log);

  const changed: string[] = [];
  const note = (what: string, r: EnsureResult | boolean | string[]) => {
    if (r === true || (typeof r === 'string' && r !== 'unchanged') || (Array.isArray(r) && r.length))
      changed.push(what);
  };
  try {
    if (await ensureNetwork(d, log)) changed.push('network');
    const res = await Promise.all(first.map((s) => ensureContainer(d, s, log)));
    first.forEach((s, i) => note(s.name, res[i]));
    const w = cfg.waitMs;

    await waitReady(d, CONTAINERS.postgres, pgReady, w);
    note('schema', await ensureSchema(cfg.projectDir));
    log('cdc-postgres: ready (database cdc, tables, publication cdc_publication)');
    await waitReady(d, CONTAINERS.toxiproxy, toxiproxyReady, w);
    note('proxies', await ensureProxies(log));
    log(`cdc-toxiproxy: ready (proxies ${PROXY_NAMES.join(', ')})`);
    await waitReady(d, CONTAINERS.kafka, ensureTopics, w).then((created) => note('topics', created));
    log('cdc-kafka: ready');

    const res2 = await Promise.all(second.map((s) => ensureContainer(d, s, log)));
    second.forEach((s, i) => note(s.name, res2[i]));
    await waitReady(d, CONTAINERS.mongodb, mongoReady, w);
    log('cdc-mongodb: ready (FerretDB on its own PostgreSQL)');
    await waitReady(d, CONTAINERS.prometheus, () => httpOk(prometheusReadyUrl), w);
    log('cdc-prometheus: ready');
    await waitReady(d, CONTAINERS.connect, connectReady, w);
    log('cdc-connect: REST API ready');
    note('connector', await ensureConnector(log, w, state.connectorConfig, cfg.projectDir));
    log('cdc-connector: RUNNING');
    // Up means changes flow: wait for the walsender, unless the connector was pointed at another database.
    const cc = connectorConfig(state.connectorConfig, cfg.projectDir);
    if ([CONTAINERS.toxiproxy, CONTAINERS.postgres].some((h) => h === cc['database.hostname'])) {
      await waitReady(d, CONTAINERS.connect, () => slotStreaming(cc['slot.name']), w);
      log(`cdc-connector: streaming (replication slot ${cc['slot.name']} active)`);
    }
    await waitReady(d, CONTAINERS.consumer, () => httpOk(consumerHealthUrl), w);
    log(`cdc-consumer: healthy (${describeConsumer(state.consumer)})`);
    await waitReady(d, CONTAINERS.lagExporter, () => httpOk(HOST_PROBED[CONTAINERS.lagExporter]), w);
    log('cdc-lag-exporter: ready');
    await waitDockerHealthy(
      d,
      [...first, ...second].map((s) => s.name),
      w,
    );
  } catch (err) {
    if ((changed.length > 0 || willTouch) && !opts.keepOnFailure) {
      log(
        'stack up failed: removing the containers and network again (data kept; --keep-on-failure leaves them for inspection)',
      );
      await teardown(d, log);
    }
    throw err;
  }
  writeState(cfg, state);
  return { endpoints: stackEndpoints(), changed, ms: Date.now() - t0 };
}

async function teardown(d: Docker, log: Progress): Promise<void> {
  try {
    await removeStackContainers(d, log);
    await removeNetwork(d, log);
  } catch (e) {
    log(`cleanup after the failure also failed: ${(e as Error).message}; run \`cdc-chaos stack down\``);
  }
}

export { StackError };
