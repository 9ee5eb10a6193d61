// No options of its own: the k6 JSON config file (-c) decides vus/iterations.
export { handleSummary } from './_summary.js';
export default function () {}
