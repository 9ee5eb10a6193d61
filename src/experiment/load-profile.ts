// The load scenario's ramping-VUs stages on the timeline: the file's explicit stages scaled, or by
// default a ramp-up over the first 10 % of the first phase, then full load to the end of the last
// phase (no ramp-down: rate rules compare the last phase with the baseline), then verification.

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
    return load.stages.map((s) => ({
      duration: formatDuration(scaleDuration(s.durationMs, timeline.scale)),
      target: Math.round(s.target * factor),
    }));
  }
  const first = timeline.phases[0];
  const up = Math.min(timeline.totalMs, Math.max(1000, Math.round((first.endMs - first.startMs) * 0.1)));
  return [
    { duration: formatDuration(up), target: vus },
    { duration: formatDuration(timeline.totalMs - up), target: vus },
  ].filter((s) => s.duration !== '0s');
}
