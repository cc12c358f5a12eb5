import { LogError, LogErrorKind } from '../log-backend';

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
const PRODUCER_STATE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);
const REBALANCE = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP', 'FENCED_INSTANCE_ID']);
/** Topic administration the broker refuses as such: retrying the same request cannot succeed. */
const REFUSED = new Set(['INVALID_CONFIG', 'INVALID_PARTITIONS', 'INVALID_REPLICATION_FACTOR', 'POLICY_VIOLATION', 'INVALID_TOPIC_EXCEPTION', 'TOPIC_AUTHORIZATION_FAILED']);

interface KafkaJsErrorLike {
  name?: string;
  type?: string;
  message?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and the errors it wraps (kafkajs nests the real cause in retry and aggregate errors). */
function* chain(e: unknown): Generator<KafkaJsErrorLike> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    const err = next as KafkaJsErrorLike & { errors?: unknown[] };
    yield err;
    queue.push(err.cause, err.originalError, ...(Array.isArray(err.errors) ? err.errors : []));
  }
}

const isKafkaJs = (e: KafkaJsErrorLike) => typeof e.name === 'string' && e.name.startsWith('KafkaJS');

/**
 * kafkajs error -> LogError: a record over the size limit is TooLarge (413);
 * anything else kafkajs reports (connection refused, timeouts, retries
 * exhausted, no leader, not enough replicas, ...) means the log cannot take the
 * request now: Unavailable (503). Errors that are not from kafkajs (bugs) pass
 * through unchanged.
 */
export function toLogError(e: unknown, action: string): unknown {
  if (e instanceof LogError) return e;
  const errors = [...chain(e)];
  if (errors.some((x) => x.type && TOO_LARGE.has(x.type))) {
    return new LogError(LogErrorKind.TooLarge, `${action}: a record is larger than the log accepts`);
  }
  if (errors.some(isKafkaJs)) {
    return new LogError(LogErrorKind.Unavailable, `${action}: ${errors[0].message || 'the log is unavailable'}`);
  }
  return e;
}

/**
 * toLogError for topic administration: a desired state the broker refuses
 * (invalid setting or partition count, policy, authorization) is Refused, with
 * the broker's error type first in the message.
 */
export function toAdminError(e: unknown, action: string): unknown {
  const refused = [...chain(e)].find((x) => x.type !== undefined && REFUSED.has(x.type));
  if (refused) return new LogError(LogErrorKind.Refused, `${action}: ${refused.type}: ${refused.message ?? ''}`);
  return toLogError(e, action);
}

/** The broker answered with this error type (anywhere in the chain kafkajs wraps it in). */
export function hasErrorType(e: unknown, type: string): boolean {
  return [...chain(e)].some((x) => x.type === type);
}

/** Commit failures caused by a group rebalance: harmless, the records are redelivered (at-least-once). */
export function isRebalanceError(e: unknown): boolean {
  return [...chain(e)].some((x) => x.type !== undefined && REBALANCE.has(x.type));
}

/** The broker refused a send over the idempotent producer's state (id or sequence numbers); nothing of it was stored. */
export function isProducerStateError(e: unknown): boolean {
  return [...chain(e)].some((x) => x.type !== undefined && PRODUCER_STATE.has(x.type));
}
