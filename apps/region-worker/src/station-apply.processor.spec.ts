import { StationApplyJob, StationResultJob } from '@restgw/contracts';
import { FinalJobError, type JobRun } from '@restgw/jobs';
import { LogError, LogErrorKind } from '@restgw/message-log';
import { StationApplyProcessor } from './station-apply.processor';

const data = (over: Partial<StationApplyJob> = {}): StationApplyJob => ({
  stationId: 's1',
  accountId: 7,
  station: 'orders',
  topic: 'acct-7.orders',
  partitions: 1,
  retentionMs: null,
  retentionBytes: null,
  maxMessageBytes: 1024,
  version: 2,
  deleted: false,
  ...over,
});
const job = (d: StationApplyJob, attemptsMade = 0, attempts = 3): JobRun<StationApplyJob> => ({ id: `station-${d.stationId}-v${d.version}`, data: d, attemptsMade, attempts });

describe('StationApplyProcessor', () => {
  let reported: StationResultJob[];
  let applied: StationApplyJob[];
  let current: number | null;
  const results = { report: async (r: StationResultJob) => void reported.push(r) };
  const make = (apply: (d: StationApplyJob) => Promise<'active' | 'deleted'>) =>
    new StationApplyProcessor({ apply }, results, async () => current);

  beforeEach(() => {
    reported = [];
    applied = [];
    current = null;
  });

  it('applies and reports the outcome', async () => {
    const p = make(async (d) => (applied.push(d), d.deleted ? 'deleted' : 'active'));
    await expect(p.process(job(data()))).resolves.toBe('active');
    expect(reported).toEqual([{ stationId: 's1', accountId: 7, version: 2, outcome: 'active' }]);
  });

  it('skips a job older than the published station version, without touching Kafka', async () => {
    current = 3;
    const p = make(async (d) => (applied.push(d), 'active'));
    await expect(p.process(job(data()))).resolves.toBe('superseded');
    expect(applied).toEqual([]);
    expect(reported).toEqual([]);
  });

  it('rethrows for a retry, and reports failed on the last attempt only', async () => {
    const p = make(async () => {
      throw new Error('broker down');
    });
    await expect(p.process(job(data(), 0, 3))).rejects.toThrow('broker down');
    expect(reported).toEqual([]);
    await expect(p.process(job(data(), 2, 3))).rejects.toThrow('broker down');
    expect(reported).toEqual([{ stationId: 's1', accountId: 7, version: 2, outcome: 'failed', error: 'broker down' }]);
  });

  it('gives up at once on a permanent error (the log refused the desired state)', async () => {
    const p = make(async () => {
      throw new LogError(LogErrorKind.Refused, 'INVALID_CONFIG: nope');
    });
    await expect(p.process(job(data(), 0, 10))).rejects.toBeInstanceOf(FinalJobError);
    expect(reported[0]).toMatchObject({ outcome: 'failed', error: 'INVALID_CONFIG: nope' });
  });

  it('runs the jobs of one station one at a time, in arrival order', async () => {
    const events: string[] = [];
    const p = make(async (d) => {
      events.push(`start v${d.version}`);
      await new Promise((r) => setTimeout(r, d.version === 1 ? 30 : 1));
      events.push(`end v${d.version}`);
      return 'active';
    });
    await Promise.all([p.process(job(data({ version: 1 }))), p.process(job(data({ version: 2 }))), p.process(job(data({ stationId: 's2', version: 5 })))]);
    expect(events.indexOf('end v1')).toBeLessThan(events.indexOf('start v2'));
    expect(events.indexOf('start v5')).toBeLessThan(events.indexOf('end v1'));
  });
});
