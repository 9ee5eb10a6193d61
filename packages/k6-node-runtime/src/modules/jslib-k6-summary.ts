// jslib "k6-summary" (https://jslib.k6.io/k6-summary/<version>/index.js), served built in: textSummary and
// humanizeValue of grafana/k6-jslib-summary 0.1.0, with its signatures, option defaults (indent ' ', colours on)
// and its pre-v1 ("legacy") layout (summary/legacy-text.ts); jUnit is not provided (docs/runtime.md).
export { humanizeValue } from '../summary/format.js';
export {
  legacyTextSummary as textSummary,
  type LegacySummaryOptions as TextSummaryOptions,
} from '../summary/legacy-text.js';
