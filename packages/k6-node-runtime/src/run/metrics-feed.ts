// Where the VUs' samples and metric declarations go. The engine exists only once the options are known
// (thresholds, trend stats), but the options' own init VU may already emit: until then they wait here.
import type { MetricsEngine, Sample } from '../metrics/engine.js';
import type { Contains, MetricType } from '../metrics/types.js';
import type { Output } from '../outputs/index.js';

export class MetricsFeed {
  private engine: MetricsEngine | undefined;
  private outputs: Output[] = [];
  private readonly pendingDeclares: Array<[string, MetricType, Contains]> = [];
  private readonly pendingSamples: Sample[] = [];

  addSamples(s: Sample[]): void {
    if (!this.engine) {
      this.pendingSamples.push(...s);
      return;
    }
    this.engine.addSamples(s);
    for (const o of this.outputs) o.addSamples(s);
  }

  declare(name: string, type: MetricType, contains: Contains): void {
    if (!this.engine) this.pendingDeclares.push([name, type, contains]);
    else this.engine.declare(name, type, contains);
  }

  /** The engine is ready: replays the declarations (before its thresholds are validated, which may name them). */
  attachEngine(engine: MetricsEngine): void {
    this.engine = engine;
    for (const [n, t, c] of this.pendingDeclares) engine.declare(n, t, c);
  }

  /** The outputs have started: the samples held back go to the engine and to them. */
  attachOutputs(outputs: Output[]): void {
    this.outputs = outputs;
    if (this.pendingSamples.length) this.addSamples(this.pendingSamples.splice(0));
  }
}
