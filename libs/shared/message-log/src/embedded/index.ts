export { EmbeddedLogBackend, createEmbeddedLogBackend } from './embedded-log.backend';
export type { EmbeddedLogOptions } from './embedded-log.options';
export type { TopicConfig } from './embedded-log.store';
