// `import … from 'cdc-chaos/experiment'` (package.json `exports`): what a Node program needs to read, plan and
// judge an experiment of its own: the scenario file loader and validator, the fault plan, the timeline, and the
// verdict checks a bundle runs (data classification, rules, recovery, thresholds), and the esbuild settings to
// bundle a k6 script of one's own (importing cdc-chaos/k6/*) with a scenario embedded. Pure except the first two lines.
export { loadScenarioFile, problemLines, type LoadedFile } from '../bundle/scenario-file.js';
export { k6BundleOptions } from '../bundle/k6-bundle.js';
export { validateScenario, type SchemaResult } from '../experiment/schema.js';
export type { HostResources, Path, SchemaError } from '../experiment/checker.js';
export { FAULT_TYPES, type FaultType } from '../experiment/faults/index.js';
export {
  DEFAULT_LOAD,
  DEFAULT_SLO,
  type ActionSpec,
  type LoadSpec,
  type PhaseSpec,
  type ScenarioSpec,
  type SloSpec,
  type ValidationRule,
} from '../experiment/scenario.js';
export { scenarioJsonSchema } from '../experiment/scenario-json-schema.js';
export { formatDuration, parseDuration } from '../experiment/duration.js';
export { CDC_TOPICS, FAULT_TARGETS, PROXIES, proxiesFor } from '../experiment/targets.js';
export {
  checkFaultPlan,
  planFaults,
  undoAll,
  type Fault,
  type FaultPlan,
  type Step,
} from '../experiment/fault-plan.js';
export { buildTimeline, phaseAt, phaseNamed, type TimedPhase, type Timeline } from '../experiment/timeline.js';
export {
  classify,
  classifyWriteError,
  KEY_VERDICTS,
  resolveUnknown,
  VersionTracker,
  type Classification,
  type KeyVerdict,
  type MongoDoc,
  type PgRow,
  type WriteRecord,
} from '../experiment/verdict.js';
export { evaluateRule, ruleWindow, type RuleResult, type Sample, type SeriesOf } from '../experiment/rules.js';
export { canaryLatencies, faultTimings, resilient, type Canary, type FaultTiming } from '../experiment/recovery.js';
export {
  buildThresholds,
  planRules,
  type Delivery,
  type PlannedRule,
  type Thresholds,
} from '../experiment/thresholds.js';
export { steadyState, STEADY_STATE, type LagReading, type SteadyVerdict } from '../experiment/steady-state.js';
