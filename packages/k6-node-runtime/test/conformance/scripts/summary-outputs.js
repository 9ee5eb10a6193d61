export const options = { iterations: 1 };
export default function () {}
export function handleSummary(data) {
  return {
    stdout: 'CUSTOM STDOUT\n',
    'report.txt': `iterations=${data.metrics.iterations.values.count}`,
    'missing/report.txt': 'k6 creates no folder',
  };
}
