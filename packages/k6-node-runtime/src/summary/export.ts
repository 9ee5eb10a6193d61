// `--summary-export=FILE`: k6's legacy JSON (grafana/k6 `internal/js/summary-wrapper.js`, oldJSONSummary):
// a copy of the handleSummary data without `options`/`state`; each metric flattened to its values, plus
// `thresholds: {"<expr>": <failed: boolean>}`; a Rate's `rate` renamed `value`; root_group's groups/checks
// arrays turned into objects keyed by name; pretty-printed with 4 spaces.

interface LegacyGroup {
  groups?: unknown;
  checks?: unknown;
  name?: string;
  [k: string]: unknown;
}

function transformGroup(g: LegacyGroup): LegacyGroup {
  if (Array.isArray(g.groups)) {
    const groups: Record<string, LegacyGroup> = {};
    for (const sub of g.groups as LegacyGroup[]) groups[String(sub.name)] = transformGroup(sub);
    g.groups = groups;
  }
  if (Array.isArray(g.checks)) {
    const checks: Record<string, unknown> = {};
    for (const c of g.checks as { name: string }[]) checks[c.name] = c;
    g.checks = checks;
  }
  return g;
}

/** Returns the file content k6 writes for --summary-export (a string, JSON with 4-space indent). */
export function legacyExport(data: unknown): string {
  const results = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  delete results.options;
  delete results.state;
  const metrics = (results.metrics ?? {}) as Record<
    string,
    { type: string; values: Record<string, unknown>; thresholds?: Record<string, { ok: boolean }> }
  >;
  for (const [name, metric] of Object.entries(metrics)) {
    const flat: Record<string, unknown> = metric.values;
    if (metric.thresholds && Object.keys(metric.thresholds).length > 0) {
      const th: Record<string, boolean> = {};
      for (const [expr, t] of Object.entries(metric.thresholds)) th[expr] = !t.ok;
      flat.thresholds = th;
    }
    if (metric.type === 'rate' && Object.hasOwn(flat, 'rate')) {
      flat.value = flat.rate;
      delete flat.rate;
    }
    (metrics as Record<string, unknown>)[name] = flat;
  }
  if (results.root_group) results.root_group = transformGroup(results.root_group as LegacyGroup);
  return JSON.stringify(results, null, 4);
}
