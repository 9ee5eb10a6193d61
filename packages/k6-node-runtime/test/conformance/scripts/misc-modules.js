import { SharedArray } from 'k6/data';
import encoding from 'k6/encoding';
import { randomSeed } from 'k6';
import exec from 'k6/execution';
const data = new SharedArray('d', () => [{ a: 1 }, { a: 2 }]);
export const options = { iterations: 1 };
export default function () {
  randomSeed(42);
  const a = [Math.random(), Math.random()];
  randomSeed(42);
  const b = [Math.random(), Math.random()];
  let frozen = false;
  try {
    data[0].a = 5;
  } catch {
    frozen = true;
  }
  console.log(
    `RESULT ${JSON.stringify({
      len: data.length,
      a0: data[0].a,
      frozen: frozen || data[0].a === 1,
      b64: encoding.b64encode('hello?'),
      url: encoding.b64encode('hello?', 'rawurl'),
      dec: encoding.b64decode('aGVsbG8/', 'std', 's'),
      seeded: a[0] === b[0] && a[1] === b[1] && a[0] !== a[1],
      completedBefore: exec.instance.iterationsCompleted,
      vusInit: exec.instance.vusInitialized,
    })}`,
  );
}
