// `cdc-chaos stack up|down|status|logs|env`: the local CDC pipeline (docs/ARCHITECTURE.md, "Local stack").
import { Command, Option } from 'commander';
import { describe, StackError } from '../../stack/errors.js';
import { formatEnv } from '../../stack/env.js';
import { engineApiVersion } from '../../stack/engine.js';
import { stackDown } from '../../stack/down.js';
import { stackLogs } from '../../stack/logs.js';
import { formatStatus, stackStatus } from '../../stack/status.js';
import { stackUp } from '../../stack/up.js';
import { healLeftoverJournals } from '../../chaos/heal.js';
import type { ConsumerChoice } from '../../stack/services/consumer.js';

function kv(value: string, prev: Record<string, string> = {}): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new StackError(`--consumer-env expects NAME=value, got "${value}"`, 'e.g. --consumer-env CONSUMER_FAULT=blind-insert');
  return { ...prev, [value.slice(0, i)]: value.slice(i + 1) };
}

async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    process.stderr.write(describe(err) + '\n');
    process.exitCode = err instanceof StackError ? err.exitCode : 1;
  }
}

export function register(program: Command): void {
  const stack = program.command('stack').description('the local CDC pipeline: PostgreSQL -> Debezium/Connect -> Kafka -> consumer -> MongoDB (FerretDB), Toxiproxy, Prometheus');

  stack
    .command('up')
    .description('bring the local stack up (idempotent: a second run changes nothing)')
    .addOption(new Option('--consumer-image <image>', 'run this image as cdc-consumer (same env contract, docs/consumer-contract.md)').conflicts(['consumerCmd', 'referenceConsumer']))
    .addOption(new Option('--consumer-cmd <cmd>', 'run this shell command as cdc-consumer (host binaries, cwd = project dir mounted read-only)').conflicts(['referenceConsumer']))
    .option('--reference-consumer', 'go back to the reference consumer after --consumer-image/--consumer-cmd')
    .option('--consumer-env <NAME=value>', 'extra env for the consumer (repeatable; replaces the remembered set; a new consumer choice without it clears it)', kv)
    .option('--connector-config <json>', 'JSON object merged over the Debezium connector config (replaces the remembered overrides)')
    .option('--keep-on-failure', 'leave containers in place when up fails (for inspection)')
    .action(async (o: { consumerImage?: string; consumerCmd?: string; referenceConsumer?: boolean; consumerEnv?: Record<string, string>; connectorConfig?: string; keepOnFailure?: boolean }) =>
      run(async () => {
        const consumer: ConsumerChoice | undefined = o.consumerImage
          ? { kind: 'image', image: o.consumerImage }
          : o.consumerCmd
            ? { kind: 'cmd', cmd: o.consumerCmd }
            : o.referenceConsumer
              ? { kind: 'reference' }
              : undefined;
        let connectorConfig: Record<string, string> | undefined;
        if (o.connectorConfig !== undefined) {
          try {
            connectorConfig = JSON.parse(o.connectorConfig) as Record<string, string>;
          } catch {
            throw new StackError('--connector-config is not valid JSON', `pass an object, e.g. '{"snapshot.mode":"no_data"}'`);
          }
        }
        // A new consumer choice starts from a clean extra env (unless given with it); otherwise the remembered one stays.
        const consumerEnv = o.consumerEnv ?? (consumer ? {} : undefined);
        const r = await stackUp({ consumer, consumerEnv, connectorConfig, keepOnFailure: o.keepOnFailure });
        await healLeftoverJournals((line) => process.stderr.write(`heal: ${line}\n`)); // faults a killed run left behind (reports/journal-*.log)
        process.stdout.write(`stack is up (${(r.ms / 1000).toFixed(1)} s; ${r.changed.length ? `changed: ${r.changed.join(', ')}` : 'nothing changed'})\n`);
        process.stdout.write(formatEnv(r.endpoints) + '\n');
      }),
    );

  stack
    .command('down')
    .description('remove every stack container, the network and the data')
    .option('--keep-data', 'keep the data directories (PG data, Kafka logs, FerretDB files)')
    .action(async (o: { keepData?: boolean }) =>
      run(async () => {
        const r = await stackDown({ keepData: o.keepData });
        process.stdout.write(`stack is down (${r.removed.length} containers removed)\n`);
      }),
    );

  stack
    .command('status')
    .description("each container's state and health, and the connector's state (exit 3 when not healthy)")
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) =>
      run(async () => {
        const s = await stackStatus();
        process.stdout.write((o.json ? JSON.stringify(s, null, 2) : formatStatus(s)) + '\n');
        if (!s.healthy) process.exitCode = 3;
      }),
    );

  stack
    .command('logs')
    .description('output of one container (postgres, kafka, connect, mongodb, consumer, toxiproxy, prometheus)')
    .argument('<name>', 'container, with or without the cdc- prefix')
    .option('-f, --follow', 'keep following')
    .option('-n, --tail <lines>', 'last N lines', (v) => Number(v), 200)
    .action(async (name: string, o: { follow?: boolean; tail: number }) => run(() => stackLogs(name, { follow: o.follow, tail: o.tail })));

  stack
    .command('env')
    .description('`export NAME=value` lines for every endpoint (eval "$(cdc-chaos stack env)")')
    .action(async () => {
      process.stdout.write(formatEnv() + '\n');
      // xk6-docker never negotiates (src/runtime/io/docker-api.ts): the engine's own API version, always.
      const api = await engineApiVersion();
      if (api) process.stdout.write(`export DOCKER_API_VERSION=${api}\n`);
    });
}
