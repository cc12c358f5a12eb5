import { normalizeName } from '@restgw/contracts';
import { DEFAULT_GROUP, groupOf, parseAckRequest, parseConsumeRequest } from './consume-request';

const parse = (body: unknown, cap = 30_000) =>
  parseConsumeRequest(body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), cap);

describe('parseConsumeRequest', () => {
  it('applies the defaults', () => {
    expect(parse({ consumer_name: 'Worker-1' })).toEqual({
      consumerName: 'worker-1',
      consumerGroup: undefined,
      batchSize: 10,
      maxWaitMs: 5000,
      accountId: undefined,
    });
  });

  it('reads every field, ignoring unknown ones', () => {
    expect(
      parse({ consumer_name: 'c', consumer_group: 'G', batch_size: 5000, batch_max_wait_time_ms: 1500, account_id: 9, extra: true }),
    ).toEqual({ consumerName: 'c', consumerGroup: 'g', batchSize: 5000, maxWaitMs: 1500, accountId: 9 });
  });

  it('requires the consumer name', () => {
    for (const body of [{}, { consumer_name: '' }, { consumer_name: null }, undefined]) {
      expect(() => parse(body)).toThrow('Consumer name is required');
    }
  });

  it('validates names like stations', () => {
    expect(() => parse({ consumer_name: 'bad name' })).toThrow(/Invalid consumer name: names are 1-128/);
    expect(() => parse({ consumer_name: 5 })).toThrow(/Invalid consumer name/);
    expect(() => parse({ consumer_name: 'ok', consumer_group: '-g' })).toThrow(/Invalid consumer group/);
  });

  it('puts consumers that name no group in the station\'s shared default group, which no named group can be', () => {
    expect(groupOf(parse({ consumer_name: 'a' }))).toBe(DEFAULT_GROUP);
    expect(groupOf(parse({ consumer_name: 'b', consumer_group: '' }))).toBe(DEFAULT_GROUP);
    expect(groupOf(parse({ consumer_name: 'c', consumer_group: 'Rest-Gateway' }))).toBe('rest-gateway');
    expect(normalizeName(DEFAULT_GROUP)).toBeNull(); // outside the name rule: injective
    expect(() => parse({ consumer_name: 'c', consumer_group: DEFAULT_GROUP })).toThrow(/Invalid consumer group/);
    expect(groupOf(parseAckRequest(Buffer.from('{"consumer_name":"a"}')))).toBe(DEFAULT_GROUP);
  });
  it('takes 0 as the default, as Memphis does', () => {
    expect(parse({ consumer_name: 'c', batch_size: 0, batch_max_wait_time_ms: 0 })).toMatchObject({ batchSize: 10, maxWaitMs: 5000 });
    expect(parse({ consumer_name: 'c', batch_size: '0', batch_max_wait_time_ms: '0' })).toMatchObject({ batchSize: 10, maxWaitMs: 5000 });
  });
  it.each([-1, 5001, 1.5, 'ten', true])('refuses batch_size %p with the Memphis text', (batch_size) => {
    expect(() => parse({ consumer_name: 'c', batch_size })).toThrow('Batch size can not be greater than 5000 or less than 1');
  });

  it('accepts numeric strings', () => {
    expect(parse({ consumer_name: 'c', batch_size: '20', batch_max_wait_time_ms: '300' })).toMatchObject({ batchSize: 20, maxWaitMs: 300 });
  });

  it('raises the wait to 100 ms and caps it by configuration', () => {
    expect(parse({ consumer_name: 'c', batch_max_wait_time_ms: 1 }).maxWaitMs).toBe(100);
    expect(parse({ consumer_name: 'c', batch_max_wait_time_ms: 10 ** 9 }).maxWaitMs).toBe(30_000);
    expect(parse({ consumer_name: 'c' }, 2000).maxWaitMs).toBe(2000);
  });

  it.each(['{', '[1]', '"x"', 'null', '12'])('refuses malformed or non-object JSON %p', (body) => {
    expect(() => parse(body)).toThrow('Invalid request body');
  });
});
