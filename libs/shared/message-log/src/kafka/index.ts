export { createKafkaLogBackend, KafkaLogBackend } from './kafka-log.backend';
export type { KafkaLogOptions } from './kafka-log.options';
export type { KafkaLogLevelName } from './kafka-logger';
