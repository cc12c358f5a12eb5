export { createKafkaLogBackend, KafkaLogBackend } from './kafka-log.backend';
export type { KafkaLogOptions } from './kafka-log.options';
export type { KafkaLogLevelName } from './kafka-logger';
export { createKafkaTopicAdmin, kafkaTopicMaxMessageBytes } from './kafka-topic-admin';
export type { KafkaTopicAdmin, KafkaTopicAdminOptions } from './kafka-topic-admin';
