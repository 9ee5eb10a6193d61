// Reads a Prometheus text exposition (the consumer's /metrics) into numbers: what the probes need
// to turn pipeline metrics into rule observations, without a client library in the bundle.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePromText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.charAt(0) === '#') continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      let l: RegExpExecArray | null;
      while ((l = LABEL.exec(m[2])) !== null)
        labels[l[1]] = l[2].replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/** Sum or max over the label sets of one metric (those `where` accepts); null when none is present. */
export function aggregate(
  samples: PromSample[],
  name: string,
  how: 'sum' | 'max',
  where: (labels: Record<string, string>) => boolean = () => true,
): number | null {
  let acc: number | null = null;
  for (const s of samples) {
    if (s.name !== name || !where(s.labels)) continue;
    acc = acc === null ? s.value : how === 'sum' ? acc + s.value : Math.max(acc, s.value);
  }
  return acc;
}
