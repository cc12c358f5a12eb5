import { AssignerProtocol, type Assignment, type PartitionAssigner } from 'kafkajs';

/** What a member reports about itself when it joins (MemberMetadata.userData). */
export interface MemberActivity {
  /** Fetches waiting on this member right now. */
  waiting: number;
  /** Partitions it held before this rebalance. */
  owned: number;
}

export const ACTIVE_FIRST_ASSIGNER = 'RestgwActiveFirst';

/**
 * Who gets the partitions. Any gateway replica may serve a group, but Kafka
 * gives a partition to one member only; a replica holding it while no client
 * asks there would starve the replica the client is actually waiting on. So
 * members with waiting fetches share the partitions (those already holding
 * some first, to avoid needless moves); the others get none. With nobody
 * waiting, everybody shares.
 */
export function assignActiveFirst(
  members: Array<{ memberId: string; activity: MemberActivity }>,
  partitions: Array<{ topic: string; partition: number }>,
): Map<string, Assignment> {
  const waiting = members.filter((m) => m.activity.waiting > 0);
  const eligible = (waiting.length ? waiting : members)
    .slice()
    .sort((a, b) => b.activity.owned - a.activity.owned || a.memberId.localeCompare(b.memberId));
  const result = new Map<string, Assignment>(members.map((m) => [m.memberId, {}]));
  partitions.forEach(({ topic, partition }, i) => {
    const assignment = result.get(eligible[i % eligible.length].memberId)!;
    (assignment[topic] ??= []).push(partition);
  });
  return result;
}

export function decodeActivity(userData: Buffer | undefined | null): MemberActivity {
  try {
    const parsed = JSON.parse(userData?.toString('utf8') || '{}') as Partial<MemberActivity>;
    return { waiting: Number(parsed.waiting) || 0, owned: Number(parsed.owned) || 0 };
  } catch {
    return { waiting: 0, owned: 0 }; // a member speaking another version: no preference
  }
}

/** kafkajs assigner around assignActiveFirst; `activity` is read each time this member joins. */
export function activeFirstAssigner(activity: () => MemberActivity): PartitionAssigner {
  return ({ cluster }) => ({
    name: ACTIVE_FIRST_ASSIGNER,
    version: 1,
    protocol({ topics }) {
      const userData = Buffer.from(JSON.stringify(activity()));
      return { name: ACTIVE_FIRST_ASSIGNER, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData }) };
    },
    async assign({ members, topics }) {
      const partitions = topics.flatMap((topic) =>
        cluster.findTopicPartitionMetadata(topic).map((p) => ({ topic, partition: p.partitionId })),
      );
      const withActivity = members.map((m) => ({
        memberId: m.memberId,
        activity: decodeActivity(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData),
      }));
      return [...assignActiveFirst(withActivity, partitions)].map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: Buffer.alloc(0) }),
      }));
    },
  });
}
