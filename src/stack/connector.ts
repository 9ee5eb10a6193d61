// Registers the Debezium connector `cdc-connector` through Connect's REST API and waits until it and its task run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../chaos/paths.js';
import { PIPELINE, stackEndpoints } from './env.js';
import { StackError } from './errors.js';
import type { Progress } from './progress.js';
import { fetchJson, waitFor } from './wait.js';

const CONNECT = stackEndpoints().CONNECT_URL;

/** src/stack/connector.json (shared with docker-compose.yml's registration) merged with `overrides`. */
export function connectorConfig(
  overrides: Record<string, string> = {},
  projectDir = projectRoot(),
): Record<string, string> {
  const base = JSON.parse(readFileSync(join(projectDir, 'src', 'stack', 'connector.json'), 'utf8')) as Record<
    string,
    string
  >;
  return { ...base, ...overrides };
}

export async function connectReady(): Promise<true | undefined> {
  const r = await fetchJson(`${CONNECT}/connector-plugins`, {}, 3000);
  if (r.status !== 200) return undefined;
  const plugins = r.body as Array<{ class: string }>;
  if (!plugins.some((p) => p.class === 'io.debezium.connector.postgresql.PostgresConnector')) {
    throw new StackError(
      'Kafka Connect runs but the Debezium PostgreSQL connector is not on its plugin path',
      'delete the cached Debezium jars (`rm -rf ~/.cache/cdc-chaos/debezium-*`) and rerun `cdc-chaos stack up`',
    );
  }
  return true;
}

interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

export async function connectorStatus(): Promise<ConnectorStatus | undefined> {
  const r = await fetchJson(`${CONNECT}/connectors/${PIPELINE.connector}/status`, {}, 3000);
  return r.status === 200 ? (r.body as ConnectorStatus) : undefined;
}

/** Creates or updates the connector when its config differs; returns true when it changed something. */
export async function ensureConnector(
  log: Progress,
  timeoutMs: number,
  overrides: Record<string, string> = {},
  projectDir = projectRoot(),
): Promise<boolean> {
  const want = connectorConfig(overrides, projectDir);
  // As long as the writes below: Connect answers its first requests slowly on a loaded machine (5 s timed out, with
  // two stacks starting on 2 shared cores).
  const cur = await fetchJson(`${CONNECT}/connectors/${PIPELINE.connector}/config`, {}, 60_000);
  let changed = false;
  const same =
    cur.status === 200 && Object.entries(want).every(([k, v]) => (cur.body as Record<string, string>)[k] === v);
  if (!same) {
    log(`${PIPELINE.connector}: ${cur.status === 200 ? 'updating' : 'registering'} the Debezium connector`);
    // Validate first: Connect's answer names the bad field (a PUT would only say "400").
    const v = await fetchJson(
      `${CONNECT}/connector-plugins/PostgresConnector/config/validate`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: PIPELINE.connector, ...want }),
      },
      60_000,
    );
    const errors = validationErrors(v.body);
    if (v.status !== 200 || errors.length) {
      throw new StackError(
        `Kafka Connect rejected the configuration of ${PIPELINE.connector}: ${errors.join('; ') || `HTTP ${v.status} ${JSON.stringify(v.body)}`}`,
        'fix the named setting (see --connector-config) or the database it points at; `cdc-chaos stack logs cdc-connect` has details',
      );
    }
    const put = await fetchJson(
      `${CONNECT}/connectors/${PIPELINE.connector}/config`,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(want) },
      60_000,
    );
    if (put.status >= 300) {
      const msg = (put.body as { message?: string })?.message ?? JSON.stringify(put.body);
      throw new StackError(
        `Kafka Connect refused to register ${PIPELINE.connector}: HTTP ${put.status} ${msg}`,
        '`cdc-chaos stack logs cdc-connect` has details',
      );
    }
    changed = true;
  }
  // After a (re)registration or a restart a stale FAILED may show for a moment: ignore it for 20 s.
  let restartedAt = changed ? Date.now() : 0;
  await waitFor(
    async () => {
      const s = await connectorStatus();
      if (!s) return undefined;
      const failed = [s.connector, ...s.tasks].find((x) => x.state === 'FAILED');
      if (failed && !restartedAt) {
        // Left FAILED by an earlier fault: one restart, as an operator would do, then it must come up.
        log(`${PIPELINE.connector}: FAILED (${firstLine(failed.trace)}) - restarting it once`);
        await fetchJson(`${CONNECT}/connectors/${PIPELINE.connector}/restart?includeTasks=true&onlyFailed=true`, {
          method: 'POST',
        });
        restartedAt = Date.now();
        changed = true;
        return undefined;
      }
      if (failed && Date.now() - restartedAt < 20_000) return undefined;
      if (failed) {
        throw new FailedConnector(firstLine(failed.trace));
      }
      return s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING')
        ? true
        : undefined;
    },
    {
      what: `connector ${PIPELINE.connector} (RUNNING with its task)`,
      timeoutMs,
      hint: '`cdc-chaos stack logs cdc-connect` tells why',
    },
  );
  return changed;
}

class FailedConnector extends StackError {
  constructor(trace: string) {
    super(
      `connector ${PIPELINE.connector} FAILED: ${trace}`,
      'fix the cause named above (`cdc-chaos stack logs cdc-connect` has the whole trace), then rerun `cdc-chaos stack up`',
    );
  }
}

function firstLine(s?: string): string {
  return (s ?? 'no trace').split('\n').slice(0, 2).join(' | ');
}

function validationErrors(body: unknown): string[] {
  const configs = (body as { configs?: Array<{ value?: { name: string; errors?: string[] } | null }> })?.configs ?? [];
  return configs.filter((c) => c.value?.errors?.length).map((c) => `${c.value!.name}: ${c.value!.errors!.join(', ')}`);
}
