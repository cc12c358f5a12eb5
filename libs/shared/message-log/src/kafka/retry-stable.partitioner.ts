import { randomInt } from 'node:crypto';
import { Partitioners, type ICustomPartitioner, type Message } from 'kafkajs';

/** Keyless messages of one send -> the number that picks their partition. */
const pinned = new WeakMap<Message, number>();

/**
 * Picks one partition for all keyless messages of a send (Kafka's "sticky"
 * strategy: one batch, order kept within the send) and keeps that choice for
 * kafkajs's retries of the send.
 */
export function pinKeyless(messages: Message[], choice = randomInt(2 ** 31)): void {
  for (const m of messages) if (m.key === null || m.key === undefined) pinned.set(m, choice);
}

/**
 * kafkajs partitions a send again on every retry, and its default partitioner
 * spreads keyless messages with a counter. After a partial failure the retry
 * would then put different records under the same idempotence sequence
 * numbers, which the broker refuses (OUT_OF_ORDER_SEQUENCE_NUMBER). Here a
 * keyless message's partition follows from its pinned number and the
 * partition count, so retries group the records the same way; keyed messages
 * keep the default murmur2 hash (stable by itself).
 */
export const RetryStablePartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  // kafkajs asks once per message with the same metadata array: sort its ids once.
  let metadata: unknown;
  let ids: number[] = [];
  return (args) => {
    const choice = pinned.get(args.message);
    if (choice === undefined) return byKey(args);
    if (args.partitionMetadata !== metadata) {
      metadata = args.partitionMetadata;
      ids = args.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
    }
    return ids[choice % ids.length];
  };
};
