// An exception ends the iteration only; it still counts; exit code stays 0.
export { handleSummary } from './_summary.js';
export const options = { iterations: 3 };
export default function () {
  throw new Error('boom');
}
