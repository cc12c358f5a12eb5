import { createEmbeddedTopicAdmin, createKafkaTopicAdmin, type TopicAdmin } from '@restgw/message-log';
import type { RegionWorkerConfig } from './region-worker.config';

/** The region's topics, chosen by config: the embedded log's when its database is set, else Kafka's. */
export function createTopicAdmin(config: RegionWorkerConfig): TopicAdmin {
  if (config.EMBEDDED_LOG_DATABASE_URL) return createEmbeddedTopicAdmin({ connectionString: config.EMBEDDED_LOG_DATABASE_URL });
  return createKafkaTopicAdmin({
    brokers: config.KAFKA_BROKERS,
    clientId: `restgw-region-worker-${config.REGION_ID}`,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    // A failed job is retried by the queue with backoff: few retries per attempt, and only kafkajs's errors in the log.
    retries: 3,
    logLevel: 'error',
  });
}
