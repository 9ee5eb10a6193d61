// cdc-kafka: Apache Kafka (Maven Central jars), KRaft, one node that is broker and controller.
// Listeners: INTERNAL cdc-kafka:9092 (inside the network), HOST 127.0.0.1:9092 (container port 9095, published),
// CONSUMER / CONNECT advertised as cdc-toxiproxy:19092 / :29092 so those clients always go through their proxies.
import { proxyAddress, CONTAINERS } from '../../experiment/contract.js';
import { HOST_PORTS } from '../env.js';
import { baseBinds, makeDataDir, tcpCheck, writeIfChanged } from './common.js';
import type { ServiceContext, ServiceSpec } from './spec.js';

export const KAFKA_CLUSTER_ID = 'Y2RjLWNoYW9zLWxvY2FsMQ'; // fixed, 22 chars base64: the data dir is formatted once

export const log4j2 = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.reflections.name = org.reflections
logger.reflections.level = ERROR
`;

export function kafkaProperties(): string {
  return `# written by cdc-chaos stack up
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
controller.listener.names=CONTROLLER
listeners=INTERNAL://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093,HOST://0.0.0.0:9095,CONSUMER://0.0.0.0:19092,CONNECT://0.0.0.0:29092
advertised.listeners=INTERNAL://cdc-kafka:9092,HOST://127.0.0.1:${HOST_PORTS[CONTAINERS.kafka]},CONSUMER://${proxyAddress('consumer_kafka')},CONNECT://${proxyAddress('connect_kafka')}
listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:PLAINTEXT,CONSUMER:PLAINTEXT,CONNECT:PLAINTEXT
inter.broker.listener.name=INTERNAL
log.dirs=/data/kafka-logs
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
# One node on a small machine: Kafka's defaults (3 network threads per listener over 5 listeners, 8 request handlers,
# 10 background threads, a metadata no-op record every 500 ms) cost ~11% of a core with no client connected.
num.network.threads=1
num.io.threads=2
background.threads=2
metadata.max.idle.interval.ms=5000
`;
}

const java = (heap: string, cls: string, args: string): string =>
  `exec /usr/bin/java -Xms${heap} -Xmx${heap} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true ` +
  `-Dlog4j2.configurationFile=/data/log4j2.properties -cp '/opt/kafka/libs/*' ${cls} ${args}`;

export function kafkaSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('kafka');
  const props = kafkaProperties();
  const script = [
    'set -e',
    'if [ ! -f /data/kafka-logs/meta.properties ]; then',
    `  /usr/bin/java -Dlog4j2.configurationFile=/data/log4j2.properties -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format -t ${KAFKA_CLUSTER_ID} -c /data/server.properties`,
    'fi',
    java('512m', 'kafka.Kafka', '/data/server.properties'),
  ].join('\n');
  return {
    name: CONTAINERS.kafka,
    image: 'cdc-base:empty',
    cmd: ['/bin/sh', '-c', script],
    env: { HOME: '/data' },
    binds: [...baseBinds(dir), `${ctx.artifacts.kafkaLibs}:/opt/kafka/libs:ro`],
    ports: { 9095: HOST_PORTS[CONTAINERS.kafka] },
    target: true,
    init: true,
    healthcheck: tcpCheck(9092),
    fingerprint: props + log4j2,
    prepare: () => {
      makeDataDir(dir);
      writeIfChanged(`${dir}/server.properties`, props);
      writeIfChanged(`${dir}/log4j2.properties`, log4j2);
    },
  };
}

export { java as javaCommand };
