import { judge, type FaultTiming, type Limits } from './verdict';
import type { Observations } from './workload';

const limits: Limits = { maxDuplicates: 10, maxRecoverySeconds: 30, maxConsumeOverrunMs: 3000 };

function observations(o: Partial<Observations> = {}): Observations {
  return {
    acknowledged: new Set(['a', 'b']),
    received: new Map([
      ['a', 1],
      ['b', 1],
    ]),
    firstReceivedAt: new Map([
      ['a', 1000],
      ['b', 1000],
    ]),
    produce: { '200': 5 },
    consume: { '200': 5 },
    login: { '200': 2 },
    produceOkAt: [100, 2100],
    consumeOkAt: [150, 3100],
    loginOkAt: [500, 2600],
    maxConsumeOverrunMs: 40,
    ...o,
  };
}
const timing: FaultTiming = { faultAt: 1000, restoredAt: 2000, needs: ['produce', 'consume'] };

describe('judge', () => {
  it('passes a clean run and measures recovery from the restore to the last needed success', () => {
    const v = judge(observations(), timing, limits);
    expect(v).toMatchObject({ acknowledged: 2, lost: 0, duplicates: 0, recoverySeconds: 1.1, failures: [] });
    expect(judge(observations(), { ...timing, needs: ['produce', 'consume', 'login'] }, limits).recoverySeconds).toBe(1.1);
  });

  it('fails on a lost acknowledged message, duplicates over the bound, 5xx other than 503, 401/403', () => {
    const v = judge(
      observations({
        acknowledged: new Set(['a', 'b', 'c']),
        received: new Map([
          ['a', 12],
          ['b', 1],
        ]),
        produce: { '200': 3, '503': 4, '500': 1 },
        consume: { '200': 3, '403': 2 },
        login: { '200': 1, '401': 1, '0': 3 },
      }),
      timing,
      limits,
    );
    expect(v.failures).toEqual([
      '1 acknowledged message(s) lost',
      '11 duplicate(s), bound 10',
      '1 produce answer(s) 500',
      '2 consume answer(s) 403 for valid credentials',
      '1 login answer(s) 401 for valid credentials',
    ]);
    expect(v.errors).toEqual({ produce: { '503': 4, '500': 1 }, consume: { '403': 2 }, login: { '401': 1, '0': 3 } });
  });

  it('fails when a needed signal never came back, or too late, or a consume answer overran', () => {
    expect(judge(observations({ loginOkAt: [500] }), { ...timing, needs: ['login'] }, limits).failures).toEqual(['recovery never > 30 s']);
    expect(judge(observations({ produceOkAt: [40_000] }), timing, limits).failures).toEqual(['recovery 38.0 s > 30 s']);
    expect(judge(observations({ maxConsumeOverrunMs: 3500 }), timing, limits).failures).toEqual(['a consume answer came 3500 ms after its wait (margin 3000 ms)']);
  });

  it('an abandoned batch counts as recovered once live members received all of it', () => {
    const seen = observations({
      firstReceivedAt: new Map([
        ['a', 9000],
        ['b', 16_000],
      ]),
    });
    const v = judge(seen, { ...timing, abandoned: { at: 1000, messages: ['a', 'b'] } }, limits);
    expect(v.recoverySeconds).toBe(15);
    expect(judge(seen, { ...timing, abandoned: { at: 1000, messages: ['a', 'zz'] } }, limits).recoverySeconds).toBe(Infinity);
  });
});
