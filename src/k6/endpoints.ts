// Preflight of the services a full experiment reads besides the fault targets: MongoDB (verification,
// canaries), the consumer (health, metrics), Kafka Connect (connector state) and Prometheus (alerts, broker
// lag). A dead or wrong endpoint stops the run before any fault, with one line naming the setting, instead of
// a fault followed by minutes of retries. `cdc-chaos inject` (CHAOS_ONLY) reads none of them: the user's own
// script does its load and judging.

import http from 'k6/http';
import { redactSecrets } from '../experiment/redact.js';
import { mongoClient } from './clients.js';
import { CONFIG } from './config.js';

const HTTP = { timeout: '5s', tags: { name: 'preflight' } };

function httpProblem(what: string, url: string, variable: string): string | null {
  const res = http.get(url, HTTP);
  if (res.status === 200) return null;
  return `${what} at ${url} answered ${res.status || `nothing (${res.error || 'unreachable'})`} (set ${variable})`;
}

export function endpointProblems(): string[] {
  const problems: string[] = [];
  try {
    mongoClient(true).find(CONFIG.mongoDb, 'customers', { _id: '' }, null, 1);
  } catch (e) {
    problems.push(
      `MongoDB (${redactSecrets(CONFIG.mongoUrl)}): ${redactSecrets((e as Error).message)} (set MONGO_URL)`,
    );
  }
  const checks: [string, string, string][] = [
    ['the consumer', `${CONFIG.consumerUrl}/health`, 'CONSUMER_URL'],
    ['Kafka Connect', `${CONFIG.connectUrl}/connectors`, 'CONNECT_URL'],
    ['Prometheus', `${CONFIG.prometheusUrl}/-/ready`, 'PROMETHEUS_URL'],
  ];
  for (const [what, url, variable] of checks) {
    const p = httpProblem(what, url, variable);
    if (p) problems.push(p);
  }
  return problems;
}
