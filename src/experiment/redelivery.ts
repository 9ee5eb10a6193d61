// The `redeliver` fault as a shell command for the broker container: the change events a topic received in
// a past window are read back and published again at the end of it, so the consumer gets late duplicates
// after newer changes of the same rows — what a producer retry, a connector restarted from an old offset or
// a replayed topic does. Kafka's own tools do it (the apache/kafka layout, jars in /opt/kafka/libs), started
// in the background: docker exec returns when its command ends, and the chaos VU must not wait for the JVMs.

import { formatDuration } from './duration.js';
import type { RedeliverParams } from './scenario.js';

/** Log of the last redelivery, inside the broker container. */
export const REDELIVER_LOG = '/tmp/cdc-chaos-redeliver.log';

/** Window and age already scaled. */
export function redeliverWhat(r: RedeliverParams): string {
  const span = r.ageMs > 0 ? `between ${formatDuration(r.ageMs + r.windowMs)} and ${formatDuration(r.ageMs)} ago` : `of the last ${formatDuration(r.windowMs)}`;
  return `(Kafka's tools) re-publish the events ${span} on ${r.topics.join(', ')}, log ${REDELIVER_LOG}`;
}

/** Window and age already scaled. */
export function redeliverCmd(r: RedeliverParams): string[] {
  // Topic names are schema-checked to Kafka's charset, so they are safe inside the regex and the script.
  const pattern = r.topics.map((t) => t.replace(/\./g, '\\.')).join('|');
  const offsets = (time: string, file: string) => `k org.apache.kafka.tools.GetOffsetShell --bootstrap-server $B --topic '^(${pattern})$' --time ${time} > $W.${file}`;
  const script = [
    `k() { java -Xmx192m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' "$@"; }`,
    `B=localhost:9092; T=$(printf '\\t'); W=/tmp/cdc-chaos-redeliver`,
    `now=$(( $(date +%s) * 1000 )); since=$(( now - ${Math.round(r.ageMs + r.windowMs)} )); until=$(( now - ${Math.round(r.ageMs)} ))`,
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
