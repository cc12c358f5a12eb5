import { AssignerProtocol } from 'kafkajs';
import { activeFirstAssigner, assignActiveFirst, decodeActivity } from './active-first.assigner';

const parts = (n: number) => Array.from({ length: n }, (_, partition) => ({ topic: 't', partition }));
const member = (memberId: string, waiting: number, owned = 0) => ({ memberId, activity: { waiting, owned } });

describe('assignActiveFirst', () => {
  it('gives the partitions to the member a fetch waits on, not to an idle holder', () => {
    const result = assignActiveFirst([member('a', 0, 1), member('b', 1, 0)], parts(1));
    expect(result.get('b')).toEqual({ t: [0] });
    expect(result.get('a')).toEqual({});
  });

  it('shares among waiting members, the current holder first', () => {
    const result = assignActiveFirst([member('a', 1, 0), member('b', 2, 3), member('c', 0, 0)], parts(3));
    expect(result.get('b')).toEqual({ t: [0, 2] });
    expect(result.get('a')).toEqual({ t: [1] });
    expect(result.get('c')).toEqual({});
  });

  it('shares among everybody when nobody waits', () => {
    const result = assignActiveFirst([member('b', 0), member('a', 0)], parts(4));
    expect(result.get('a')).toEqual({ t: [0, 2] });
    expect(result.get('b')).toEqual({ t: [1, 3] });
  });
});

describe('decodeActivity', () => {
  it('reads what protocol() wrote and tolerates anything else', () => {
    expect(decodeActivity(Buffer.from('{"waiting":2,"owned":1}'))).toEqual({ waiting: 2, owned: 1 });
    expect(decodeActivity(Buffer.from('not json'))).toEqual({ waiting: 0, owned: 0 });
    expect(decodeActivity(undefined)).toEqual({ waiting: 0, owned: 0 });
  });
});

describe('activeFirstAssigner', () => {
  it('round-trips activity through the kafkajs member metadata', async () => {
    const cluster = { findTopicPartitionMetadata: () => [{ partitionId: 0 }, { partitionId: 1 }] };
    const make = (waiting: number) => activeFirstAssigner(() => ({ waiting, owned: 0 }))({ cluster } as never);
    const idle = make(0).protocol({ topics: ['t'] });
    const busy = make(1).protocol({ topics: ['t'] });
    const assignments = await make(0).assign({
      members: [
        { memberId: 'idle', memberMetadata: idle.metadata },
        { memberId: 'busy', memberMetadata: busy.metadata },
      ],
      topics: ['t'],
    });
    const decoded = Object.fromEntries(
      assignments.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)?.assignment]),
    );
    expect(decoded).toEqual({ idle: {}, busy: { t: [0, 1] } });
  });
});
