// Shared by the conformance scripts: hand the summary data to the test through a file.
export function handleSummary(data) {
  return { [__ENV.SUMMARY_OUT]: JSON.stringify(data) };
}
