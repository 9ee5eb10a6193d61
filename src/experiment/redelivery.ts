// The `redeliver` fault as a shell command for the broker container: every change event the topics
// received in the window before the action is read back and published again at the end of its topic,
// so the consumer gets late duplicates after newer changes of the same rows — what a producer retry,
// a connector restart from an old offset or a mirrored topic does. Kafka's own tools do it (the
// apache/kafka layout, jars in /opt/kafka/libs), started in the background: docker exec returns when
// its command ends, and the chaos VU must not wait for three JVMs.

import { formatDuration } from './duration.js';
import type { RedeliverParams } from './scenario.js';

/** Log of the last redelivery, inside the broker container. */
export const REDELIVER_LOG = '/tmp/cdc-chaos-redeliver.log';

/** Stops a redelivery still running (the undo; what was published stays published). */
export const STOP_REDELIVERY = ['pkill', '-f', 'org.apache.kafka.tools.'];

export function redeliverWhat(r: RedeliverParams, windowMs: number): string {
  return `(Kafka's tools) re-publish the events of the last ${formatDuration(windowMs)} on ${r.topics.join(', ')}, log ${REDELIVER_LOG}`;
}

export function redeliverCmd(r: RedeliverParams, windowMs: number): string[] {
  // Topic names are schema-checked to Kafka's charset, so they are safe inside the regex and the script.
  const pattern = r.topics.map((t) => t.replace(/\./g, '\\.')).join('|');
  const script = [
    `k() { java -Xmx192m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' "$@"; }`,
    `B=localhost:9092; T=$(printf '\\t'); W=/tmp/cdc-chaos-redeliver`,
    `since=$(( $(date +%s) * 1000 - ${Math.max(1, Math.round(windowMs))} ))`,
    // First offset at/after the window's start, and the end of each partition now.
    `k org.apache.kafka.tools.GetOffsetShell --bootstrap-server $B --topic '^(${pattern})$' --time $since > $W.from`,
    `k org.apache.kafka.tools.GetOffsetShell --bootstrap-server $B --topic '^(${pattern})$' --time -1 > $W.to`,
    `while IFS=: read t p from; do`,
    `  to=$(grep "^$t:$p:" $W.to | cut -d: -f3); n=$(( \${to:-0} - from ))`,
    `  [ "$from" -ge 0 ] && [ "$n" -gt 0 ] || continue`,
    `  echo "redeliver $t/$p offsets $from..$(( to - 1 )) ($n events)"`,
    // Kafka tombstones (null values) are skipped: they carry no change and the console producer cannot send null.
    `  k org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server $B --topic $t --partition $p --offset $from --max-messages $n --timeout-ms 60000 --formatter-property print.key=true --formatter-property key.separator="$T" | grep -v "\${T}null\\$" | k org.apache.kafka.tools.ConsoleProducer --bootstrap-server $B --topic $t --reader-property parse.key=true --reader-property key.separator="$T"`,
    `done < $W.from`,
    `echo redeliver done`,
  ].join('\n');
  return ['sh', '-c', `( ${script}\n) > ${REDELIVER_LOG} 2>&1 &`];
}
