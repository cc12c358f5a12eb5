import { logLevel as KafkaLogLevel, type LogEntry, type logCreator } from 'kafkajs';

export type KafkaLogLevelName = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

export const KAFKA_LOG_LEVELS: Record<KafkaLogLevelName, KafkaLogLevel> = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

/**
 * Warnings that are expected by design: retries of the idempotent producer are
 * bounded on purpose, so a dead broker turns into a 503 instead of a request
 * that never ends.
 */
const EXPECTED = ['Limiting retries for the idempotent producer'];

/**
 * kafkajs logs every error response at ERROR on the connection before the
 * caller handles it: TOPIC_ALREADY_EXISTS on each ensureTopic of an existing
 * topic, rebalance errors on commits. The caller's outcome is what counts
 * (mapped to LogError or handled), so these count as DEBUG.
 */
function isConnectionResponseError(entry: LogEntry): boolean {
  return entry.namespace === 'Connection' && entry.log.message.startsWith('Response ');
}

const SKIPPED_FIELDS = new Set(['timestamp', 'logger', 'message', 'stack']);

/** One compact line per entry: level, namespace, message and the scalar fields kafkajs attaches. */
export function formatKafkaLogEntry(entry: LogEntry): string {
  const { namespace, label, log } = entry;
  const fields = Object.entries(log)
    .filter(([k, v]) => !SKIPPED_FIELDS.has(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v).slice(0, 200)}`);
  return `[kafkajs] ${label} ${namespace ? `${namespace}: ` : ''}${log.message}${fields.length ? ` (${fields.join(', ')})` : ''}`;
}

/** kafkajs logs a lot (every join, every retry): WARN and ERROR only by default, one line each, to the console. */
export function kafkaLogCreator(level: KafkaLogLevelName = 'warn'): logCreator {
  const max = KAFKA_LOG_LEVELS[level];
  return () => (entry) => {
    const level = isConnectionResponseError(entry) ? KafkaLogLevel.DEBUG : entry.level;
    if (level > max || level === KafkaLogLevel.NOTHING) return;
    if (EXPECTED.some((text) => entry.log.message.startsWith(text))) return;
    const line = formatKafkaLogEntry(entry);
    if (level === KafkaLogLevel.ERROR) console.error(line);
    else if (level === KafkaLogLevel.WARN) console.warn(line);
    else console.log(line);
  };
}
