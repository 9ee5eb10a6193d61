// Shared by the conformance scripts: hand the summary data to the test through a file (SUMMARY_OUT, set by
// test/conformance/helpers.ts run()); run by hand without it, the default summary is printed instead.
export function handleSummary(data) {
  return __ENV.SUMMARY_OUT ? { [__ENV.SUMMARY_OUT]: JSON.stringify(data) } : undefined;
}
