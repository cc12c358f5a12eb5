import { groupName, normalizeName, topicCollisionKey, topicName } from './tenant-names';

describe('normalizeName (issue 11 finding 9)', () => {
  it('lowercases ASCII names', () => {
    expect(normalizeName('Orders.EU-1')).toBe('orders.eu-1');
  });
  it.each(['\u212Aey', 'k\u0130', 'ſtation', 'ａbc', 'a\u200Bb', 'caf\u00E9'])('refuses %p before folding (no look-alike reaches an ASCII name)', (raw) => {
    expect(normalizeName(raw)).toBeNull();
  });
  it.each(['', '.a', 'a.', '_a', 'a-', 'a b', 'a/b', 'x'.repeat(129)])('refuses %p', (raw) => {
    expect(normalizeName(raw)).toBeNull();
  });
});

describe('derived names (issue 11 finding 7)', () => {
  const names = ['x', 'y', 'z', 'x.y', 'y.z', 'x.y.z', 'x_y', 'a-b', 'a', 'b.c'];
  it('group ids are injective over (station, group)', () => {
    const seen = new Map<string, string>();
    for (const station of names) {
      for (const group of names) {
        const id = groupName(7, station, group);
        expect({ id, pair: seen.get(id) ?? `${station}|${group}` }).toEqual({ id, pair: `${station}|${group}` });
        seen.set(id, `${station}|${group}`);
      }
    }
  });
  it('keeps the id of every group whose station and group have no "." (they keep their offsets)', () => {
    expect(groupName(1, 'orders', 'billing')).toBe('acct-1.orders.billing');
    expect(groupName(1, 'x.y', 'z')).toBe('acct-1.x.y/z');
    expect(groupName(1, 'x', 'y.z')).toBe('acct-1.x/y.z');
  });
  it('topics are acct-<id>.<station>', () => {
    expect(topicName(12, 'a.b')).toBe('acct-12.a.b');
  });
  it('names differing only by "." and "_" share a collision key (finding 8)', () => {
    expect(topicCollisionKey('a.b_c')).toBe(topicCollisionKey('a_b.c'));
    expect(topicCollisionKey('a.b')).not.toBe(topicCollisionKey('a-b'));
  });
});
