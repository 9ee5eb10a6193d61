// exec.test.options in a real run (modules.test.ts compares it with what k6 prints for these options)
import exec from 'k6/execution';
import { sleep } from 'k6';

let initErr = 'no error';
try {
  exec.test.options;
} catch (e) {
  initErr = e.message;
}

export const options = { vus: 2, duration: '3s' };

function probe() {
  const t = exec.test;
  const o = t.options;
  return {
    json: JSON.stringify(o),
    sameWithinOneTest: t.options === o,
    newPerTest: exec.test.options !== o,
    frozen: [o, o.scenarios.default, o.dns, o.systemTags].every((x) => Object.isFrozen(x)),
  };
}

export function setup() {
  console.log(`RESULT ${JSON.stringify({ initErr, ...probe() })}`);
}

export default function () {
  if (exec.vu.idInTest === 1 && __ITER === 0) console.log(`RESULT ${JSON.stringify(probe())}`);
  sleep(1);
}
