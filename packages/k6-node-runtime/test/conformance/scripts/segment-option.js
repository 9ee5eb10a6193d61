// executionSegment / executionSegmentSequence set by the script (segments.test.ts).
export const options = {
  executionSegment: __ENV.SEGMENT,
  executionSegmentSequence: __ENV.SEQUENCE,
  scenarios: { p: { executor: 'per-vu-iterations', vus: 4, iterations: 1 } },
};
export default function () {
  console.log(`RESULT ${__VU}`);
}
