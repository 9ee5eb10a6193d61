// handleSummary returning nothing: the default text summary is still printed.
export const options = { iterations: 1 };
export default function () {}
export function handleSummary() {
  console.log('RESULT "handleSummary ran"');
}
