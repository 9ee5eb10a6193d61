// Every custom metric of the bundle, declared once in init code (k6 requires it; thresholds may
// only name declared metrics). Names are the plan's and the issue's; tags carry action/target/rule.

import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

// Integrity verdicts (verification) and order (probes).
export const lost = new Counter('cdc_lost');
export const stale = new Counter('cdc_stale');
export const resurrected = new Counter('cdc_resurrected');
export const phantom = new Counter('cdc_phantom');
export const duplicates = new Counter('cdc_duplicates');
export const outOfOrder = new Counter('cdc_out_of_order');
export const redeliveries = new Counter('cdc_redeliveries');
export const rowsVerified = new Counter('cdc_rows_verified');
export const verified = new Counter('cdc_verified');
// Parts of the verdict that never came (tag part: verification, rules, instances): counted by the instance that verifies.
export const verdictIncomplete = new Counter('chaos_verdict_incomplete');
export const quiescenceTimeouts = new Counter('cdc_quiescence_timeouts');
export const verificationTime = new Trend('cdc_verification_time', true);
export const convergenceTime = new Trend('cdc_convergence_time', true);

// Load.
export const writes = new Counter('cdc_writes');
export const writeUnknown = new Counter('cdc_write_unknown');
export const successRate = new Rate('cdc_success_rate');
export const writeDuration = new Trend('cdc_write_duration', true);

// The plan's chaos metrics.
export const chaosPhase = new Gauge('chaos_phase');
export const recoveryTime = new Trend('chaos_recovery_time', true);
export const eventsLost = new Counter('chaos_events_lost');
export const resilienceRate = new Rate('chaos_resilience_rate');

// Faults.
export const faultActive = new Gauge('chaos_fault_active');
export const actionDelay = new Trend('chaos_action_delay', true);
export const actionErrors = new Counter('chaos_action_errors');
export const detectTime = new Trend('chaos_detect_time', true);
export const lagRecoveryTime = new Trend('chaos_lag_recovery_time', true);

// Probes.
export const e2eLatency = new Trend('cdc_e2e_latency', true);
export const consumerUp = new Gauge('cdc_consumer_up');
export const consumerLag = new Gauge('cdc_consumer_lag');
export const containerUp = new Gauge('cdc_container_up');
export const slotLag = new Gauge('cdc_slot_lag_bytes');
export const connectorRunning = new Gauge('cdc_connector_running');
export const alertFiring = new Gauge('chaos_alert_firing');
// One sample per run: no alert fired in the baseline phase (acceptance criterion).
export const baselineQuiet = new Rate('chaos_baseline_quiet');

// Validation rules judged outside k6's own metrics: one sample per rule, tag `rule`.
export const validation = new Rate('chaos_validation');
export const rulesEvaluated = new Counter('chaos_rules_evaluated');
// The probes' own health: measurements that failed, clients replaced after failing (src/k6/probe-failures.ts), and
// measurements a verdict needed that could not be made (tag `measurement`: a rule id, recovery:<fault>, resilience).
export const probeErrors = new Counter('chaos_probe_errors');
export const probeClientRenewals = new Counter('chaos_probe_client_renewals');
export const probeUnknown = new Counter('chaos_probe_unknown');
