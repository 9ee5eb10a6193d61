import { check, group } from 'k6';
export { handleSummary } from './_summary.js';
export const options = { iterations: 2 };
let asyncErr = 'no error';
export default function () {
  const r = group('outer', () => {
    group('inner', () => {
      check(1, { 'is one': (v) => v === 1, 'is two': (v) => v === 2, truthy: 'x' });
    });
    return 42;
  });
  try {
    group('async', async () => {});
  } catch (e) {
    asyncErr = e.message;
  }
  console.log(
    `RESULT ${JSON.stringify({ r, asyncErr: asyncErr.startsWith('group() does not support async functions') })}`,
  );
}
