// Escaping and number formatting shared by the HTML report, its SVG chart and the JUnit XML.

/** Escapes text for XML/HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** A value as the text summary prints it: time metrics in ms/s, integers plain, else 4 decimals. */
export function fmtValue(v: number | undefined, time = false): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (time) return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(v < 10 ? 2 : 0)}ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** Offset on the run's timeline as seconds (`75.5s`). */
export function fmtOffset(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}
