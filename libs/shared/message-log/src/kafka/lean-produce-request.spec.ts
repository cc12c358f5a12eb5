import { randomBytes } from 'node:crypto';
import { crc32c } from './crc32c';
import { encodeProduceRequestBody, installLeanProduceEncoder, type LeanMessage, type LeanProduceArgs } from './lean-produce-request';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's own encoders are the reference */
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;
const produceDefinition = require('kafkajs/src/protocol/requests/produce') as {
  protocol: (o: { version: number }) => (a: LeanProduceArgs) => { request: { encode: () => Promise<{ buffer: Buffer }> } };
};
const Long = require('kafkajs/src/utils/long') as { fromValue(v: unknown): unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

async function kafkajsBody(args: LeanProduceArgs, version = 7): Promise<Buffer> {
  return (await produceDefinition.protocol({ version })(args).request.encode()).buffer;
}

const NOW = 1_764_000_000_123;

function messages(n: number, size: number, headers: LeanMessage['headers']): LeanMessage[] {
  return Array.from({ length: n }, (_, i) => ({ value: randomBytes(size + (i % 3)), headers, key: null }));
}

describe('crc32c', () => {
  it('matches kafkajs on any length and offset', () => {
    for (const len of [0, 1, 7, 8, 9, 63, 1024, 100_003]) {
      const b = randomBytes(len + 5);
      expect(crc32c(b, 5)).toBe(kafkajsCrc32c(b.subarray(5)));
    }
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283); // the CRC-32C check value
  });
});

describe('encodeProduceRequestBody', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  const shared = { 'content-type': Buffer.from('application/json'), host: Buffer.from('127.0.0.1:4444') };
  const cases: Array<[string, LeanProduceArgs]> = [
    [
      'a batch of 1 KiB records sharing one headers object (the gateway shape), idempotent',
      { acks: -1, timeout: 30000, compression: 0, producerId: Long.fromValue(4242), producerEpoch: 3, topicData: [{ topic: 'st.a', partitions: [{ partition: 0, firstSequence: 1234, messages: messages(300, 1024, shared) }] }] },
    ],
    [
      'keys (string and Buffer), values of varint-boundary sizes, no headers, string values',
      {
        acks: 1,
        timeout: 5000,
        producerId: Long.fromValue(-1),
        topicData: [
          {
            topic: 'topic-é',
            partitions: [
              {
                partition: 2,
                firstSequence: 0,
                messages: [
                  { key: 'k1', value: randomBytes(127) },
                  { key: Buffer.from([1, 2, 3]), value: randomBytes(128), headers: {} },
                  { key: null, value: null },
                  { value: 'text value ü' },
                  { value: randomBytes(16_500) },
                ],
              },
            ],
          },
        ],
      },
    ],
    [
      'per-record headers with array values and null, several partitions and topics, a transactional id',
      {
        acks: -1,
        timeout: 30000,
        transactionalId: 'tx-1',
        producerId: Long.fromValue(9_007_199_254_740_000),
        producerEpoch: 1,
        topicData: [
          {
            topic: 'a',
            partitions: [
              { partition: 0, firstSequence: 7, messages: [{ value: Buffer.from('x'), headers: { a: ['1', Buffer.from('2')], b: 'three' } }] },
              { partition: 1, firstSequence: 0, messages: [{ value: Buffer.from('y'), headers: { 'ünï': 'v' } }, { value: Buffer.from('z') }] },
            ],
          },
          { topic: 'b', partitions: [{ partition: 5, firstSequence: 2_000_000_000, messages: messages(70, 10, { h: 'v' }) }] },
        ],
      },
    ],
  ];

  it.each(cases)('writes exactly what kafkajs writes: %s', async (_name, args) => {
    const lean = encodeProduceRequestBody(args, NOW);
    expect(lean).not.toBeNull();
    expect(lean!.equals(await kafkajsBody(args))).toBe(true);
  });

  it('leaves compressed requests and per-message timestamps to kafkajs', () => {
    const base = { acks: -1, timeout: 1000, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ value: Buffer.from('v') }] }] }] };
    expect(encodeProduceRequestBody({ ...base, compression: 1 })).toBeNull();
    expect(encodeProduceRequestBody({ ...base, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ value: Buffer.from('v'), timestamp: 5 }] }] }] })).toBeNull();
  });

  // Last: installing replaces kafkajs's encoder for the rest of this file.
  it('once installed, Produce requests (v3 and later) carry the lean body; older versions keep the kafkajs encoding', async () => {
    const args = cases[0][1];
    const reference = await kafkajsBody(args);
    const v2 = await kafkajsBody({ ...args, topicData: [] }, 2);
    installLeanProduceEncoder();
    installLeanProduceEncoder(); // idempotent
    const encoded = await produceDefinition.protocol({ version: 7 })(args).request.encode();
    expect(encoded).toBeInstanceOf(require('kafkajs/src/protocol/encoder')); // eslint-disable-line @typescript-eslint/no-require-imports
    expect(encoded.buffer.equals(reference)).toBe(true);
    expect((await kafkajsBody({ ...args, topicData: [] }, 2)).equals(v2)).toBe(true);
  });
});
