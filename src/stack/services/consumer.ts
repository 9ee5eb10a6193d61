// cdc-consumer: the consumer under test. Default: the reference consumer (`node out/src/consumer/main.js` from the
// project, host node via the /usr mount). Pluggable: `--consumer-cmd CMD` (a shell command run the same way, cwd
// /project) or `--consumer-image IMG` (any image; no host mounts). The env contract is docs/consumer-contract.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { proxyAddress, CONTAINERS } from '../../experiment/contract.js';
import { StackError } from '../errors.js';
import { HOST_PORTS, PIPELINE } from '../env.js';
import { baseBinds, projectBinds, httpCheck, makeDataDir } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

export type ConsumerChoice = { kind: 'reference' } | { kind: 'cmd'; cmd: string } | { kind: 'image'; image: string };

/** The env every consumer gets: Kafka and MongoDB only through their Toxiproxy proxies. */
export function consumerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BOOTSTRAP: proxyAddress('consumer_kafka'),
    KAFKA_TOPICS: PIPELINE.topics.join(','),
    KAFKA_GROUP_ID: PIPELINE.consumerGroup,
    MONGO_URL: `mongodb://${proxyAddress('consumer_mongodb')}/`,
    MONGO_DB: PIPELINE.mongoDatabase,
    PORT: '8080',
    ...extra,
  };
}

export function describeConsumer(c: ConsumerChoice): string {
  return c.kind === 'reference'
    ? 'reference consumer (out/src/consumer/main.js)'
    : c.kind === 'cmd'
      ? `command: ${c.cmd}`
      : `image: ${c.image}`;
}

export function consumerSpec(
  ctx: ServiceContext,
  choice: ConsumerChoice,
  extraEnv: Record<string, string> = {},
): ServiceSpec {
  const dir = ctx.dataDir('consumer');
  const env = { HOME: '/data', NODE_ENV: 'production', ...consumerEnv(extraEnv) };
  const common = {
    name: CONTAINERS.consumer,
    env,
    ports: { 8080: HOST_PORTS[CONTAINERS.consumer] },
    target: true,
    init: true,
    prepare: () => makeDataDir(dir),
  };
  if (choice.kind === 'image') {
    // The user's image brings its own binaries and healthcheck; `stack up` waits on GET /health from the host.
    return { ...common, image: choice.image, cmd: [], binds: [], prepare: undefined };
  }
  const binds = [...baseBinds(dir), ...projectBinds(ctx.cfg.projectDir)];
  if (choice.kind === 'cmd') {
    return {
      ...common,
      image: 'cdc-base:empty',
      cmd: ['/bin/sh', '-c', choice.cmd],
      workingDir: '/project',
      binds,
      healthcheck: httpCheck('http://127.0.0.1:8080/health'),
    };
  }
  const main = join(ctx.cfg.projectDir, 'out', 'src', 'consumer', 'main.js');
  if (!existsSync(main)) {
    throw new StackError(
      `the reference consumer is not built (${main} is missing)`,
      'run `npm run build` (or pass --consumer-cmd / --consumer-image to run another consumer), then retry',
    );
  }
  return {
    ...common,
    image: 'cdc-base:empty',
    cmd: ['/usr/bin/node', '--enable-source-maps', '/project/out/src/consumer/main.js'],
    workingDir: '/project',
    binds,
    healthcheck: httpCheck('http://127.0.0.1:8080/health'),
  };
}
