// Shared by the strictness scripts: what a call returns, or the error it throws, as one comparable string.
export function probe(fn) {
  try {
    const v = fn();
    return `ok ${JSON.stringify(v)}`;
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}
