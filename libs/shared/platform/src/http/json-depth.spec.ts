import { jsonDeeperThan, valueDeeperThan } from './json-depth';

describe('jsonDeeperThan (issue 11 finding 5)', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDeeperThan('{"a":"[[[[[[[[","b":"\\"[[[["}', 1)).toBe(false);
  });
  it('finds 2,000 levels in 4 KB without recursion', () => {
    expect(jsonDeeperThan(`${'['.repeat(2000)}${']'.repeat(2000)}`, 32)).toBe(true);
    expect(jsonDeeperThan(`${'['.repeat(200_000)}`, 32)).toBe(true);
  });
});

describe('valueDeeperThan', () => {
  it('measures parsed values iteratively', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(valueDeeperThan(v, 128)).toBe(true);
    expect(valueDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(valueDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });
});
