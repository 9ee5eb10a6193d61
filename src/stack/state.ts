// What `stack up` remembers between runs: the consumer under test and its extra env (reset by `stack down`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config.js';
import type { ConsumerChoice } from './services/consumer.js';

export interface StackState {
  consumer: ConsumerChoice;
  consumerEnv: Record<string, string>;
  connectorConfig: Record<string, string>;
}

const file = (cfg: StackConfig): string => join(cfg.dataDir, 'stack.json');

export function readState(cfg: StackConfig): StackState {
  const dflt: StackState = { consumer: { kind: 'reference' }, consumerEnv: {}, connectorConfig: {} };
  if (!existsSync(file(cfg))) return dflt;
  try {
    return { ...dflt, ...(JSON.parse(readFileSync(file(cfg), 'utf8')) as Partial<StackState>) };
  } catch {
    return dflt;
  }
}

export function writeState(cfg: StackConfig, s: StackState): void {
  mkdirSync(dirname(file(cfg)), { recursive: true });
  writeFileSync(file(cfg), JSON.stringify(s, null, 2) + '\n');
}
