export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type Contains = 'default' | 'time' | 'data';

/** One metric sample as the VU workers send it to the main thread. */
export interface Sample {
  metric: string;
  /** ms since epoch */
  time: number;
  value: number;
  tags: Record<string, string>;
}

/** Invalid configuration (thresholds, metric declarations): the CLI exits with 104 (k6 InvalidConfig). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly exitCode = 104;
}
