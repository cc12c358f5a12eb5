import { DomainError, ErrorCode } from '@restgw/platform';
import { StationView } from '@restgw/contracts';
import { StationDirectory } from './station-directory';
import { ImplicitAnswer, StationResolver } from './station-resolver';
import { stationView as view } from '@restgw/testing';

function setup(answer: (station: string) => Promise<ImplicitAnswer>) {
  const directory = new StationDirectory();
  const lookup = { lookup: (a: number, s: string) => directory.get(a, s), remember: (v: StationView) => void directory.apply(v, 0) };
  const calls: string[] = [];
  let now = 0;
  const resolver = new StationResolver(
    lookup,
    { request: (station, token) => (calls.push(`${station}:${token}`), answer(station)) },
    { refusalTtlMs: 1000, now: () => now },
  );
  return { directory, resolver, calls, tick: (ms: number) => (now += ms) };
}

const error = async (p: () => unknown): Promise<DomainError> => {
  try {
    await p();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('did not throw');
};

describe('StationResolver', () => {
  it('answers a known live station from the directory, synchronously, without calling the control plane', () => {
    const { directory, resolver, calls } = setup(async () => ({ kind: 'view', view: view() }));
    directory.apply(view({ status: 'provisioning' }), 0);
    expect(resolver.resolve(1, 'orders', 't')).toEqual(view({ status: 'provisioning' }));
    expect(calls).toEqual([]);
  });

  it.each(['deleted', 'deleting'] as const)('refuses a %s station with 404 "Station <name> does not exist"', async (status) => {
    const { directory, resolver, calls } = setup(async () => ({ kind: 'view', view: view() }));
    directory.apply(view({ status }), 0);
    const e = await error(() => resolver.resolve(1, 'orders', 't'));
    expect(e).toMatchObject({ code: ErrorCode.NotFound, message: 'Station orders does not exist' });
    expect(calls).toEqual([]);
  });

  it('asks the control plane once for concurrent requests on an unknown station, then serves from the directory', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { directory, resolver, calls } = setup(async () => {
      await gate;
      return { kind: 'view', view: view({ status: 'provisioning', partitions: 3 }) };
    });
    const all = Promise.all([1, 2, 3].map(() => resolver.resolve(1, 'orders', 'tok')));
    release();
    expect((await all).map((v) => v.partitions)).toEqual([3, 3, 3]);
    expect(calls).toEqual(['orders:tok']);
    expect(directory.get(1, 'orders')?.partitions).toBe(3);
    expect(resolver.resolve(1, 'orders', 'tok')).toMatchObject({ partitions: 3 });
    expect(calls).toHaveLength(1);
  });

  it('relays a 404 / 403 with the control plane message, and reuses it briefly', async () => {
    const { resolver, calls, tick } = setup(async (s) =>
      s === 'full' ? { kind: 'refused', status: 403, message: 'Station quota of 1 reached for account 1' } : { kind: 'refused', status: 404, message: 'no auto' },
    );
    expect(await error(() => resolver.resolve(1, 'full', 't'))).toMatchObject({ code: ErrorCode.Forbidden, message: 'Station quota of 1 reached for account 1' });
    expect(await error(() => resolver.resolve(1, 'x', 't'))).toMatchObject({ code: ErrorCode.NotFound, message: 'no auto' });
    await error(() => resolver.resolve(1, 'x', 't'));
    expect(calls).toHaveLength(2);
    tick(1001);
    await error(() => resolver.resolve(1, 'x', 't'));
    expect(calls).toHaveLength(3);
  });

  it('a policy or station change clears the remembered refusals of that account', async () => {
    const { resolver, calls } = setup(async () => ({ kind: 'refused', status: 404, message: 'no auto' }));
    await error(() => resolver.resolve(1, 'x', 't'));
    resolver.changed(2, null);
    await error(() => resolver.resolve(1, 'x', 't'));
    expect(calls).toHaveLength(1);
    resolver.changed(1, null);
    await error(() => resolver.resolve(1, 'x', 't'));
    expect(calls).toHaveLength(2);
    resolver.changed(1, 'x');
    await error(() => resolver.resolve(1, 'x', 't'));
    expect(calls).toHaveLength(3);
  });

  it('503 with Retry-After when the control plane is unreachable for an unknown station; known stations keep working', async () => {
    const { directory, resolver } = setup(async () => {
      throw new Error('ECONNREFUSED');
    });
    directory.apply(view({ name: 'known' }), 0);
    const e = await error(() => resolver.resolve(1, 'orders', 't'));
    expect(e).toMatchObject({ code: ErrorCode.Unavailable, retryAfterSeconds: 5 });
    expect(resolver.resolve(1, 'known', 't')).toMatchObject({ name: 'known' });
  });

  it("never serves a view of another account or station from the control plane's answer", async () => {
    const { directory, resolver } = setup(async () => ({ kind: 'view', view: view({ accountId: 2 }) }));
    expect(await error(() => resolver.resolve(1, 'orders', 't'))).toMatchObject({ code: ErrorCode.Unavailable });
    expect(directory.get(2, 'orders')).toBeUndefined();
  });

  it('a deletion event newer than the answer wins', async () => {
    const { directory, resolver } = setup(async () => {
      directory.apply(view({ status: 'deleted', version: 9 }), 0);
      return { kind: 'view', view: view({ version: 1 }) };
    });
    expect(await error(() => resolver.resolve(1, 'orders', 't'))).toMatchObject({ code: ErrorCode.NotFound });
  });
});
