// The `redeliver` fault as a shell command for the broker container: the change events a topic received in
// a past window are read back and published again at the end of it, so the consumer gets late duplicates
// after newer changes of the same rows — what a producer retry, a connector restarted from an old offset or
// a replayed topic does. Kafka's own tools do it (the apache/kafka layout, jars in /opt/kafka/libs), started
// in the background: docker exec returns when its command ends, and the chaos VU must not wait for the JVMs.

import { formatDuration, scaleDuration } from '../duration.js';
import { CDC_TOPICS } from '../targets.js';
import type { FaultProcess, FaultType } from './types.js';
import { CONTAINERS } from '../contract.js';

/** Late duplicates: the change events a broker received in a past window, published again at the end of their topic. */
export interface RedeliverParams {
  /** Span of the re-published events, ms at time scale 1. */
  windowMs: number;
  /** Age of the newest re-published event at the action, ms at time scale 1: the changes of the last `age`
   *  are newer than every duplicate (0 = the window ends at the action). */
  ageMs: number;
  topics: string[];
}

declare module '../scenario.js' {
  interface ActionSpec {
    redeliver?: RedeliverParams;
  }
}

/** Log of the last redelivery, inside the broker container. */
const REDELIVER_LOG = '/tmp/cdc-chaos-redeliver.log';

/** Matches the redelivery's JVMs and its script's shell, but not a shell whose command line holds this
 *  pattern itself (a test run through `sh -c` would otherwise always find itself). */
const TOOLS = 'org[.]apache[.]kafka[.]tools[.]';

const REDELIVERY: FaultProcess = {
  name: 'redelivery',
  what: 'redelivery',
  pkill: ['pkill', '-f', 'org.apache.kafka.tools.'],
  pgrep: ['pgrep', '-f', TOOLS],
  needs: ['java', 'pkill', 'pgrep'],
  // A short redelivery can be over before the first look: its log's last line says so.
  observed: `pgrep -f '${TOOLS}' || grep -q '^redeliver done' ${REDELIVER_LOG}`,
};

/** Window and age already scaled. */
function redeliverWhat(r: RedeliverParams): string {
  const span =
    r.ageMs > 0
      ? `between ${formatDuration(r.ageMs + r.windowMs)} and ${formatDuration(r.ageMs)} ago`
      : `of the last ${formatDuration(r.windowMs)}`;
  return `(Kafka's tools) re-publish the events ${span} on ${r.topics.join(', ')}, log ${REDELIVER_LOG}`;
}

/** Window and age already scaled. */
function redeliverCmd(r: RedeliverParams): string[] {
  // Topic names are schema-checked to Kafka's charset, so they are safe inside the regex and the script.
  const pattern = r.topics.map((t) => t.replace(/\./g, '\\.')).join('|');
  const offsets = (time: string, file: string) =>
    `k org.apache.kafka.tools.GetOffsetShell --bootstrap-server $B --topic '^(${pattern})$' --time ${time} > $W.${file}`;
  const script = [
    `k() { java -Xmx192m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' "$@"; }`,
    `B=localhost:9092; T=$(printf '\\t'); W=/tmp/cdc-chaos-redeliver`,
    // Milliseconds where date has %N (GNU): whole seconds moved the window up to 1 s early, out of its witnesses' way.
    `now=$(date +%s%3N); case $now in *[!0-9]*) now=$(( $(date +%s) * 1000 ));; esac`,
    `since=$(( now - ${Math.round(r.ageMs + r.windowMs)} )); until=$(( now - ${Math.round(r.ageMs)} ))`,
    // Per partition: first offset at/after each bound (none = nothing that recent), and the end now.
    offsets('$since', 'first'),
    r.ageMs > 0 ? offsets('$until', 'until') : `: > $W.until`,
    offsets('-1', 'end'),
    `while IFS=: read t p lo; do`,
    `  hi=$(grep "^$t:$p:" $W.until | cut -d: -f3); [ -n "$hi" ] || hi=$(grep "^$t:$p:" $W.end | cut -d: -f3)`,
    `  n=$(( \${hi:-0} - lo )); [ "$lo" -ge 0 ] && [ "$n" -gt 0 ] || continue`,
    `  echo "redeliver $t/$p offsets $lo..$(( hi - 1 )) ($n events)"`,
    // Kafka tombstones (null values) are skipped: they carry no change and the console producer cannot send null.
    `  k org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server $B --topic $t --partition $p --offset $lo --max-messages $n --timeout-ms 60000 --formatter-property print.key=true --formatter-property key.separator="$T" | grep -v "\${T}null\\$" | k org.apache.kafka.tools.ConsoleProducer --bootstrap-server $B --topic $t --reader-property parse.key=true --reader-property key.separator="$T"`,
    `done < $W.first`,
    `echo redeliver done`,
  ].join('\n');
  return ['sh', '-c', `( ${script}\n) > ${REDELIVER_LOG} 2>&1 &`];
}

export const redeliver: FaultType<{ redeliver: RedeliverParams }> = {
  name: 'redeliver',
  description:
    "Re-publishes a past window of a broker's change events at the end of their topics (Kafka's own tools in the broker): late duplicates; instantaneous, nothing to heal.",
  paramKeys: ['window', 'age', 'topics'],
  example: { window: '10s' },
  parseParams(c, { params: p, at, actionAt, target, durationMs }) {
    if (target !== CONTAINERS.kafka)
      c.fail(
        actionAt.concat('target'),
        `redeliver re-publishes through the broker's own tools: its target is cdc-kafka, got "${target}"`,
      );
    const windowMs = c.duration(p, 'window', at, true);
    const ageMs = c.duration(p, 'age', at, false);
    const list = c.array(p, 'topics', at, false);
    const topics: string[] = [];
    (list ?? CDC_TOPICS).forEach((v, i) => {
      // Topic names go into a shell command: Kafka's own charset only.
      if (typeof v !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(v))
        c.fail(at.concat('topics', i), `not a Kafka topic name: ${JSON.stringify(v)}`);
      else topics.push(v);
    });
    if (list && list.length === 0) c.fail(at.concat('topics'), 'must name at least one topic');
    if (windowMs !== undefined && windowMs <= 0) c.fail(at.concat('window'), 'must be longer than 0s');
    if (durationMs !== undefined)
      c.fail(at.concat('duration'), 'a redelivery is instantaneous: it has a window, not a duration');
    return { redeliver: { windowMs: windowMs ?? 0, ageMs: ageMs ?? 0, topics } };
  },
  // Two rows whose first change falls a third into the replayed window and whose last change comes in the age between
  // the window and the action, before the replay's JVMs have started: replayed unconditionally, "gone" comes back
  // (resurrected) and "kept" goes back to version 1 (stale). With age 0 nothing is newer than the replay. A third,
  // not the middle: Debezium's delay only moves an event's broker time later, toward the window's end, and a CI run
  // at a load average of 17 saw it pass the middle's 1.5 s margin at time scale 0.1 (the witnesses were never replayed).
  witnesses(a, { scale }) {
    const windowMs = scaleDuration(a.redeliver.windowMs, scale);
    const ageMs = scaleDuration(a.redeliver.ageMs, scale);
    if (ageMs === 0) return [];
    const first = -(ageMs + (windowMs * 2) / 3);
    return [
      { offsetMs: first, row: 'gone', op: 'insert' },
      { offsetMs: first, row: 'kept', op: 'insert' },
      { offsetMs: -ageMs / 2, row: 'gone', op: 'delete' },
      { offsetMs: -ageMs / 2, row: 'kept', op: 'update' },
    ];
  },
  // What was published stays published: nothing to heal; the undo only stops a redelivery still running.
  instant: true,
  plan(a, { scale }) {
    const r = a.redeliver;
    const scaled = { ...r, windowMs: scaleDuration(r.windowMs, scale), ageMs: scaleDuration(r.ageMs, scale) };
    return {
      inject: [
        {
          kind: 'exec',
          container: a.target,
          cmd: redeliverCmd(scaled),
          undo: REDELIVERY.pkill,
          what: redeliverWhat(scaled),
          process: REDELIVERY.name,
        },
      ],
      heal: [],
    };
  },
  process: REDELIVERY,
  chaosMeshRefusal: 'a Kafka redelivery runs Kafka tools inside the broker, which is not a Chaos Mesh fault',
};
