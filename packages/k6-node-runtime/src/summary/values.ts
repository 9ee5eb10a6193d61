// A sink's values as k6's summaries report them (internal/js/summary.go metricValueGetter).
import { type AnySink, CounterSink, GaugeSink, RateSink, trendStatResolver } from '../metrics/sinks.js';

export function sinkValues(sink: AnySink, elapsedMs: number, trendStats: string[]): Record<string, number> {
  if (sink instanceof CounterSink) return { count: sink.value, rate: sink.rate(elapsedMs) };
  if (sink instanceof GaugeSink) return { value: sink.value, min: sink.min, max: sink.max };
  if (sink instanceof RateSink) return { rate: sink.rate(), passes: sink.trues, fails: sink.total - sink.trues };
  const out: Record<string, number> = {};
  for (const stat of trendStats) out[stat] = trendStatResolver(stat)(sink);
  return out;
}
