// Tag values k6 v1.8.1 refuses (js/common/tags.go) on every path a script can give them, without
// options.throw: metric add() and check() throw, exec.vu.metrics.tags/metadata throw TypeError,
// an http request's tags make it a failed request (warning + error response, nothing sent).
import { check } from 'k6';
import http from 'k6/http';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
import { probe } from './_probe.js';

const c = new Counter('tagged');
export const options = { iterations: 1 };

export default function () {
  const res = {
    addUndefined: probe(() => c.add(1, { a: undefined })),
    addNull: probe(() => c.add(1, { a: null })),
    addObject: probe(() => c.add(1, { a: { b: 1 } })),
    addArray: probe(() => c.add(1, { a: [1] })),
    addFunction: probe(() => c.add(1, { a: () => 1 })),
    addBigInt: probe(() => c.add(1, { a: 1n })),
    addDate: probe(() => c.add(1, { a: new Date(0) })),
    addAccepted: probe(() => c.add(1, { s: 'x', n: 5, f: 1.5, b: true, boxed: new String('y') })),
    addNoTags: probe(() => c.add(1, null)),
    checkObject: probe(() => check(1, { ok: true }, { a: {} })),
    checkAccepted: probe(() => check(1, { ok: true }, { n: 1 })),
    vuTagObject: probe(() => {
      exec.vu.tags.bad = {};
    }),
    vuTagNumber: probe(() => {
      exec.vu.metrics.tags.num = 7;
      return exec.vu.metrics.tags.num;
    }),
    vuTagScenario: probe(() => exec.vu.tags.scenario),
    vuMetaArray: probe(() => {
      exec.vu.metrics.metadata.bad = [1];
    }),
    vuMetaString: probe(() => {
      exec.vu.metrics.metadata.trace = 'abc';
      return exec.vu.metrics.metadata.trace;
    }),
  };
  c.add(1); // carries num=7 (set on exec.vu.metrics.tags above) and the scenario tag
  const r = http.get('http://127.0.0.1:9/never-sent', { tags: { a: { b: 1 } } });
  res.httpError = r.error;
  res.httpStatus = r.status;
  console.log(`RESULT ${JSON.stringify(res)}`);
}
