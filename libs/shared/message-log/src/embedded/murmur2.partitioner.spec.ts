import { randomBytes } from 'node:crypto';
import { murmur2, partitionForKey } from './murmur2.partitioner';

// kafkajs's own implementation (Java-client compatible), the reference for keyed partitioning.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2: (key: Buffer) => number = require('kafkajs/src/producer/partitioners/default/murmur2');

describe('murmur2 partitioner', () => {
  it('hashes like kafkajs (and the Java client) for every key length remainder', () => {
    const keys = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from('abcd'), Buffer.from('ünïcödé ✓')];
    for (let i = 0; i < 200; i++) keys.push(randomBytes(i % 37));
    for (const key of keys) expect(murmur2(key)).toBe(kafkajsMurmur2(key));
  });

  it('maps a key to a stable partition in range', () => {
    for (let i = 0; i < 100; i++) {
      const key = Buffer.from(`key-${i}`);
      const p = partitionForKey(key, 7);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(7);
      expect(partitionForKey(Buffer.from(`key-${i}`), 7)).toBe(p);
    }
  });
});
