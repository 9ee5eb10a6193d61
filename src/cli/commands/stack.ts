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

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Bad arguments exit 2 (docs/safety.md), before anything touches Docker. */
const badArgument = (message: string, hint: string) => new StackError(message, hint, 2);

export interface UpFlags {
  consumerImage?: string;
  consumerCmd?: string;
  referenceConsumer?: boolean;
  consumerEnv?: string[];
  connectorConfig?: string;
  keepOnFailure?: boolean;
}

/** `stack up`'s flags checked and parsed; throws a StackError (exit 2) naming the flag. */
export function upOptions(o: UpFlags): {
  consumer?: ConsumerChoice;
  consumerEnv?: Record<string, string>;
  connectorConfig?: Record<string, string>;
} {
  const consumer: ConsumerChoice | undefined = o.consumerImage
    ? { kind: 'image', image: o.consumerImage }
    : o.consumerCmd
      ? { kind: 'cmd', cmd: o.consumerCmd }
      : o.referenceConsumer
        ? { kind: 'reference' }
        : undefined;
  let env: Record<string, string> | undefined;
  for (const item of o.consumerEnv ?? []) {
    const i = item.indexOf('=');
    if (i <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.slice(0, i))) {
      throw badArgument(
        `--consumer-env expects NAME=value with NAME a variable name, got ${JSON.stringify(item)}`,
        'e.g. --consumer-env CONSUMER_FAULT=blind-insert',
      );
    }
    env = { ...env, [item.slice(0, i)]: item.slice(i + 1) };
  }
  let connectorConfig: Record<string, string> | undefined;
  if (o.connectorConfig !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(o.connectorConfig);
    } catch {
      throw badArgument('--connector-config is not valid JSON', `pass an object, e.g. '{"snapshot.mode":"no_data"}'`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badArgument(
        `--connector-config must be a JSON object, got ${JSON.stringify(parsed)}`,
        `pass an object, e.g. '{"snapshot.mode":"no_data"}'`,
      );
    }
    connectorConfig = {};
    for (const [k, v] of Object.entries(parsed)) {
      // Kafka Connect configs are strings; numbers and booleans are written as such.
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw badArgument(
          `--connector-config: "${k}" must be a string, number or boolean, got ${JSON.stringify(v)}`,
          `connector settings are flat, e.g. '{"max.batch.size":"512"}'`,
        );
      }
      connectorConfig[k] = String(v);
    }
  }
  // A new consumer choice starts from a clean extra env (unless given with it); otherwise the remembered one stays.
  return { consumer, consumerEnv: env ?? (consumer ? {} : undefined), connectorConfig };
}

/** `stack logs -n`: a positive whole number of lines. */
export function tailLines(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw badArgument(
      `-n/--tail must be a positive whole number of lines, got ${JSON.stringify(text)}`,
      'e.g. stack logs consumer -n 100',
    );
  return n;
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
  const stack = program
    .command('stack')
    .description(
      'the local CDC pipeline: PostgreSQL -> Debezium/Connect -> Kafka -> consumer -> MongoDB (FerretDB), Toxiproxy, Prometheus',
    );

  stack
    .command('up')
    .description('bring the local stack up (idempotent: a second run changes nothing)')
    .addOption(
      new Option(
        '--consumer-image <image>',
        'run this image as cdc-consumer (same env contract, docs/consumer-contract.md)',
      ).conflicts(['consumerCmd', 'referenceConsumer']),
    )
    .addOption(
      new Option(
        '--consumer-cmd <cmd>',
        'run this shell command as cdc-consumer (host binaries, cwd = project dir mounted read-only)',
      ).conflicts(['referenceConsumer']),
    )
    .option('--reference-consumer', 'go back to the reference consumer after --consumer-image/--consumer-cmd')
    .option(
      '--consumer-env <NAME=value>',
      'extra env for the consumer (repeatable; replaces the remembered set; a new consumer choice without it clears it)',
      collect,
    )
    .option(
      '--connector-config <json>',
      'JSON object merged over the Debezium connector config (replaces the remembered overrides)',
    )
    .option('--keep-on-failure', 'leave containers in place when up fails (for inspection)')
    .action(async (o: UpFlags) =>
      run(async () => {
        const { consumer, consumerEnv, connectorConfig } = upOptions(o);
        const r = await stackUp({ consumer, consumerEnv, connectorConfig, keepOnFailure: o.keepOnFailure });
        await healLeftoverJournals((line) => process.stderr.write(`heal: ${line}\n`)); // faults a killed run left behind (reports/journal-*.log)
        process.stdout.write(
          `stack is up (${(r.ms / 1000).toFixed(1)} s; ${r.changed.length ? `changed: ${r.changed.join(', ')}` : 'nothing changed'})\n`,
        );
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
    .option('-n, --tail <lines>', 'last N lines', '200')
    .action(async (name: string, o: { follow?: boolean; tail: string }) =>
      run(() => stackLogs(name, { follow: o.follow, tail: tailLines(o.tail) })),
    );

  stack
    .command('env')
    .description('`export NAME=value` lines for every endpoint (eval "$(cdc-chaos stack env)")')
    .action(async () => {
      process.stdout.write(formatEnv() + '\n');
      // xk6-docker never negotiates (packages/k6-node-runtime/src/io/docker-api.ts): the engine's own API version, always.
      const api = await engineApiVersion();
      if (api) process.stdout.write(`export DOCKER_API_VERSION=${api}\n`);
    });
}
