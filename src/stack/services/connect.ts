// cdc-connect: Kafka Connect distributed (one worker) with the Debezium PostgreSQL connector on its plugin path.
// It reaches Kafka only through cdc-toxiproxy:29092 (proxy connect_kafka).
import { HOST_PORTS } from '../env.js';
import { baseBinds, httpCheck, makeDataDir, writeIfChanged } from './common.js';
import { javaCommand, log4j2 } from './kafka.js';
import type { ServiceContext, ServiceSpec } from './spec.js';
import { CONTAINERS } from '../../experiment/contract.js';

export function connectProperties(): string {
  return `# written by cdc-chaos stack up
bootstrap.servers=cdc-toxiproxy:29092
group.id=cdc-connect
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
config.storage.topic=cdc-connect-configs
offset.storage.topic=cdc-connect-offsets
status.storage.topic=cdc-connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.flush.interval.ms=1000
listeners=http://0.0.0.0:8083
rest.advertised.host.name=cdc-connect
rest.advertised.port=8083
plugin.path=/opt/connect-plugins
# Every plugin here (Debezium's PostgreSQL connector, Kafka's own) has ServiceLoader manifests, as Connect's own log
# says: without the reflection scan of every class on the path (33 of Connect's 45 s start in a loaded CI run).
plugin.discovery=service_load
scheduled.rebalance.max.delay.ms=0
# A partition between Connect and Kafka must stall the source task, not fail it: the producer waits (and retries)
# until Kafka is back instead of giving up after its default 2 min (delivery) / 60 s (metadata) and failing the task.
producer.delivery.timeout.ms=2147483647
producer.max.block.ms=2147483647
producer.enable.idempotence=true
producer.acks=all
`;
}

export function connectSpec(ctx: ServiceContext): ServiceSpec {
  const dir = ctx.dataDir('connect');
  const props = connectProperties();
  return {
    name: CONTAINERS.connect,
    image: 'cdc-base:empty',
    cmd: [
      '/bin/sh',
      '-c',
      javaCommand('768m', 'org.apache.kafka.connect.cli.ConnectDistributed', '/data/connect.properties'),
    ],
    env: { HOME: '/data' },
    binds: [
      ...baseBinds(dir),
      `${ctx.artifacts.kafkaLibs}:/opt/kafka/libs:ro`,
      `${ctx.artifacts.debeziumPlugins}:/opt/connect-plugins:ro`,
    ],
    ports: { 8083: HOST_PORTS[CONTAINERS.connect] },
    target: true,
    init: true,
    healthcheck: httpCheck('http://127.0.0.1:8083/'),
    fingerprint: props + log4j2,
    prepare: () => {
      makeDataDir(dir);
      writeIfChanged(`${dir}/connect.properties`, props);
      writeIfChanged(`${dir}/log4j2.properties`, log4j2);
    },
  };
}
