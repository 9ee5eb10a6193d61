// k6 --compatibility-mode: "extended" (default) aliases globalThis as `global`, "base" does not.
export const options = { iterations: 1 };
export default function () {
  console.log(`RESULT ${JSON.stringify(typeof global)}`);
}
