import { KafkaJSAggregateError, KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { LogError, LogErrorKind } from '../log-backend';
import { hasErrorType, isProducerStateError, isRebalanceError, toAdminError, toLogError } from './kafka-errors';

const protocolError = (type: string, retriable = false) =>
  new KafkaJSProtocolError({ type, message: `${type} happened`, retriable, code: 0 } as never);

describe('toLogError', () => {
  it('maps a record over the size limit to TooLarge, also when wrapped by retries', () => {
    for (const type of ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']) {
      const e = toLogError(protocolError(type), 'produce');
      expect(e).toBeInstanceOf(LogError);
      expect((e as LogError).kind).toBe(LogErrorKind.TooLarge);
    }
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('MESSAGE_TOO_LARGE'), { retryCount: 1, retryTime: 1 });
    expect((toLogError(wrapped, 'produce') as LogError).kind).toBe(LogErrorKind.TooLarge);
  });

  it('maps connection errors, exhausted retries and other broker errors to Unavailable', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const cases = [
      refused,
      new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 100 }),
      protocolError('NOT_ENOUGH_REPLICAS', true),
    ];
    for (const c of cases) {
      const e = toLogError(c, 'produce to t') as LogError;
      expect(e).toBeInstanceOf(LogError);
      expect(e.kind).toBe(LogErrorKind.Unavailable);
      expect(e.message).toContain('produce to t');
    }
    expect((toLogError(cases[1], 'x') as LogError).message).toContain('ECONNREFUSED');
  });

  it('passes errors that are not from kafkajs through unchanged', () => {
    const bug = new TypeError('undefined is not a function');
    expect(toLogError(bug, 'produce')).toBe(bug);
    const already = new LogError(LogErrorKind.TooLarge, 'x');
    expect(toLogError(already, 'produce')).toBe(already);
  });
});

describe('isRebalanceError', () => {
  it('recognises rebalance and stale-generation errors, wrapped or not', () => {
    expect(isRebalanceError(protocolError('REBALANCE_IN_PROGRESS'))).toBe(true);
    expect(isRebalanceError(new KafkaJSNumberOfRetriesExceeded(protocolError('ILLEGAL_GENERATION'), { retryCount: 1, retryTime: 1 }))).toBe(true);
    expect(isRebalanceError(new KafkaJSConnectionError('down'))).toBe(false);
  });
});

describe('isProducerStateError', () => {
  it('recognises refusals over the idempotent producer state only', () => {
    expect(isProducerStateError(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'))).toBe(true);
    expect(isProducerStateError(new KafkaJSNumberOfRetriesExceeded(protocolError('UNKNOWN_PRODUCER_ID'), { retryCount: 1, retryTime: 1 }))).toBe(true);
    expect(isProducerStateError(protocolError('NOT_ENOUGH_REPLICAS'))).toBe(false);
  });
});

describe('toAdminError', () => {
  it('maps a desired state the broker refuses to Refused, also inside createTopics\' aggregate, with the type in the message', () => {
    for (const type of ['INVALID_CONFIG', 'INVALID_PARTITIONS', 'POLICY_VIOLATION', 'TOPIC_AUTHORIZATION_FAILED']) {
      const e = toAdminError(new KafkaJSAggregateError('Topic creation errors', [protocolError(type)]), 'apply topic t') as LogError;
      expect(e).toBeInstanceOf(LogError);
      expect(e.kind).toBe(LogErrorKind.Refused);
      expect(e.message).toBe(`apply topic t: ${type}: ${type} happened`);
    }
  });

  it('maps everything else like toLogError: broker trouble is Unavailable, bugs pass through', () => {
    const down = toAdminError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1'), 'delete topic t') as LogError;
    expect(down.kind).toBe(LogErrorKind.Unavailable);
    expect(down.message).toContain('delete topic t');
    const bug = new TypeError('x is not a function');
    expect(toAdminError(bug, 'apply topic t')).toBe(bug);
  });
});

describe('hasErrorType', () => {
  it('finds a type however deep kafkajs wrapped it', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('UNKNOWN_TOPIC_OR_PARTITION'), { retryCount: 1, retryTime: 1 });
    expect(hasErrorType(wrapped, 'UNKNOWN_TOPIC_OR_PARTITION')).toBe(true);
    expect(hasErrorType(wrapped, 'INVALID_CONFIG')).toBe(false);
  });
});
