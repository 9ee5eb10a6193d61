// jslib k6-utils (served built in) and k6/crypto.
import {
  uuidv4,
  randomIntBetween,
  randomItem,
  randomString,
  findBetween,
  parseDuration,
  normalDistributionStages,
  getCurrentStageIndex,
  tagWithCurrentStageIndex,
  check,
} from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
import crypto from 'k6/crypto';
import { sha256, md5, randomBytes, createHash } from 'k6/crypto';
import { Counter } from 'k6/metrics';
export { handleSummary } from './_summary.js';
const staged = new Counter('staged');
export const options = {
  scenarios: {
    ramp: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '1s', target: 1 }], gracefulRampDown: '0s' },
  },
};
let printed = false;
export default function () {
  tagWithCurrentStageIndex();
  staged.add(1);
  if (printed) return;
  printed = true;
  const h = createHash('sha256');
  h.update('a');
  h.update('bc');
  console.log(
    `RESULT ${JSON.stringify({
      uuid:
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuidv4()) &&
        /^[0-9a-f-]{36}$/.test(uuidv4(true)),
      int: [1, 2, 3].includes(randomIntBetween(1, 3)),
      item: ['x'].includes(randomItem(['x'])),
      str: randomString(5, 'a'),
      between: findBetween('<b>1</b><b>2</b>', '<b>', '</b>'),
      all: findBetween('<b>1</b><b>2</b>', '<b>', '</b>', true),
      none: findBetween('x', '<', '>', true),
      dur: [parseDuration('1h2m3s'), parseDuration('250ms'), parseDuration('1.5s')],
      stages: normalDistributionStages(10, 60, 2),
      stage: getCurrentStageIndex(),
      jcheck: check(1, { one: (v) => v === 1, two: (v) => v === 2 }),
      sha: sha256('abc', 'hex'),
      md5: md5('abc', 'base64'),
      bytes: randomBytes(8).byteLength,
      hash: h.digest('hex'),
      dflt: typeof crypto.sha1,
    })}`,
  );
}
