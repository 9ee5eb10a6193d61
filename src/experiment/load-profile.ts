// The load scenario's ramping-VUs stages on the timeline: the file's explicit stages scaled, or
// by default ramp up over the first 10 % of the run, hold, and ramp down over the last 5 %, so
// load runs through every fault and stops before verification.

import { formatDuration, scaleDuration } from './duration.js';
import type { LoadSpec } from './scenario.js';
import type { Timeline } from './timeline.js';

export interface Stage {
  duration: string;
  target: number;
}

export function loadStages(load: LoadSpec, timeline: Timeline, vus: number = load.vus): Stage[] {
  const factor = vus / load.vus;
  if (load.stages) {
    return load.stages.map((s) => ({ duration: formatDuration(scaleDuration(s.durationMs, timeline.scale)), target: Math.round(s.target * factor) }));
  }
  const total = timeline.totalMs;
  const up = Math.round(total * 0.1);
  const down = Math.round(total * 0.05);
  return [
    { duration: formatDuration(up), target: vus },
    { duration: formatDuration(total - up - down), target: vus },
    { duration: formatDuration(down), target: 0 },
  ].filter((s) => s.duration !== '0s');
}
