import { Partitioners, type Message, type PartitionMetadata } from 'kafkajs';
import { pinKeyless, RetryStablePartitioner } from './retry-stable.partitioner';

const meta = (n: number) =>
  Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 })) as PartitionMetadata[];

describe('RetryStablePartitioner', () => {
  it('puts the keyless messages of one send in one partition, the same on every retry', () => {
    const messages: Message[] = Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` }));
    pinKeyless(messages, 7);
    const partitionOf = RetryStablePartitioner();
    const attempt = () => messages.map((message) => partitionOf({ topic: 't', partitionMetadata: meta(3), message }));
    const first = attempt();
    expect(new Set(first)).toEqual(new Set([7 % 3]));
    expect(attempt()).toEqual(first); // a retry groups the records the same way
  });

  it('hashes keyed messages like the default partitioner', () => {
    const partitionOf = RetryStablePartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const key of ['a', 'b', 'user-42', 'ü']) {
      const message: Message = { key, value: 'v' };
      pinKeyless([message], 1); // keyed: not pinned
      expect(partitionOf({ topic: 't', partitionMetadata: meta(5), message })).toBe(reference({ topic: 't', partitionMetadata: meta(5), message }));
    }
  });

  it('spreads separate sends over the partitions', () => {
    const partitionOf = RetryStablePartitioner();
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const message: Message = { value: 'v' };
      pinKeyless([message]);
      seen.add(partitionOf({ topic: 't', partitionMetadata: meta(3), message }));
    }
    expect(seen.size).toBe(3);
  });
});
