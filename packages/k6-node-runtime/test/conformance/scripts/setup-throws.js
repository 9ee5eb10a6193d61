export default function () {}
export function setup() {
  throw new Error('setup exploded');
}
export function teardown() {
  console.log('RESULT "teardown ran"');
}
