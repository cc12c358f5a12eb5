import { Kafka } from 'kafkajs';
import { KAFKA_LOG_LEVELS, kafkaLogCreator } from './kafka-logger';
import { installLeanProduceEncoder } from './lean-produce-request';
import type { ResolvedKafkaLogOptions } from './kafka-log.options';

/** The one place a kafkajs client is built (the backend's and a standalone TopicAdmin's). */
export function createKafkaClient(options: ResolvedKafkaLogOptions): Kafka {
  installLeanProduceEncoder();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    retry: { retries: options.retries },
    logLevel: KAFKA_LOG_LEVELS[options.logLevel],
    logCreator: kafkaLogCreator(options.logLevel),
  });
}
