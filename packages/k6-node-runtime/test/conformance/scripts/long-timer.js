// A VU timer longer than Node's 32-bit limit (2^31-1 ms) must not fire early (k6's Go timers
// don't); the iteration clears it after 100 ms.
export const options = { iterations: 1 };

export default function () {
  let fired = false;
  const long = setTimeout(() => (fired = true), 2 ** 31 + 1000);
  setTimeout(() => {
    clearTimeout(long);
    console.log(`RESULT ${JSON.stringify({ fired })}`);
  }, 100);
}
