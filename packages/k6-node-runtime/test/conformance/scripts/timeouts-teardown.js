import { sleep } from 'k6';
export const options = { iterations: 1, teardownTimeout: '1s' };
export function teardown() {
  sleep(20);
}
export default function () {}
