import { logLevel } from 'kafkajs';
import { formatKafkaLogEntry, kafkaLogCreator } from './kafka-logger';

const LABELS: Record<number, string> = { 1: 'ERROR', 2: 'WARN', 4: 'INFO', 5: 'DEBUG' };
const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) => ({
  namespace: 'Consumer',
  level,
  label: LABELS[level],
  log: { timestamp: '2020-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('kafka logger', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  let log: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('formats one compact line with scalar fields only', () => {
    const line = formatKafkaLogEntry(entry(logLevel.ERROR, 'Crash', { groupId: 'g1', retryCount: 2, stack: 'long', nested: { a: 1 } }));
    expect(line).toBe('[kafkajs] ERROR Consumer: Crash (groupId=g1, retryCount=2)');
  });

  it('routes WARN and ERROR to the console and drops INFO by default', () => {
    const write = kafkaLogCreator()(logLevel.WARN);
    write(entry(logLevel.INFO, 'Consumer has joined the group'));
    write(entry(logLevel.WARN, 'rebalancing'));
    write(entry(logLevel.ERROR, 'broken'));
    expect(log).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('[kafkajs] WARN Consumer: rebalancing');
    expect(error).toHaveBeenCalledWith('[kafkajs] ERROR Consumer: broken');
  });

  it('treats error responses logged by the connection as DEBUG (the caller handles them)', () => {
    const response = { ...entry(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)'), namespace: 'Connection' };
    kafkaLogCreator()(logLevel.WARN)(response);
    expect(error).not.toHaveBeenCalled();
    kafkaLogCreator('debug')(logLevel.DEBUG)(response);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('drops the expected warning about bounded idempotent retries, and everything at level nothing', () => {
    kafkaLogCreator()(logLevel.WARN)(entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
    kafkaLogCreator('nothing')(logLevel.NOTHING)(entry(logLevel.ERROR, 'broken'));
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
