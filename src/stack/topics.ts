// Kafka readiness and the two change topics, created up front so a consumer can subscribe before the first change.
import { Kafka, logLevel } from 'kafkajs';
import { PIPELINE, stackEndpoints } from './env.js';

const kafka = () =>
  new Kafka({
    clientId: 'cdc-chaos-stack',
    brokers: [stackEndpoints().KAFKA_BOOTSTRAP],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });

export async function ensureTopics(): Promise<string[]> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = PIPELINE.topics.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
        waitForLeaders: true,
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
