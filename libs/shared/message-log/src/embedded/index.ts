export { EmbeddedLogBackend, createEmbeddedLogBackend } from './embedded-log.backend';
export type { EmbeddedLogOptions } from './embedded-log.options';
export { createEmbeddedTopicAdmin } from './embedded-topic-admin';
