import { InstanceReport } from '@restgw/contracts';
import { classifyInstances } from './fleet-view';

const report = (id: string, lastSeenMs: number, over: Partial<InstanceReport> = {}): InstanceReport => ({
  region: 'aws-r1',
  instance_id: id,
  kind: 'gateway',
  version: '0.1.0',
  url: 'http://10.0.0.1:4444',
  pid: 1,
  host: 'h',
  started_at: new Date(0).toISOString(),
  last_seen: new Date(lastSeenMs).toISOString(),
  health: { log: 'ok', state_store: 'ok' },
  last_state_store_error_at: null,
  stopped: false,
  ...over,
});

describe('classifyInstances', () => {
  const opts = { goneAfterMs: 15_000, dropAfterMs: 60_000 };
  const now = 1_000_000;
  const stored = (...reports: InstanceReport[]) => Object.fromEntries(reports.map((r) => [r.instance_id, JSON.stringify(r)]));

  it('lists an instance up while it reports, gone once silent for goneAfterMs, and drops it after dropAfterMs', () => {
    const { listed, drop } = classifyInstances(
      stored(report('a', now - 1_000), report('b', now - 15_000), report('c', now - 60_000), report('d', now - 20_000, { stopped: true })),
      now,
      opts,
    );
    expect(listed.map((i) => [i.instance_id, i.status, i.silent_ms])).toEqual([
      ['a', 'up', 1_000],
      ['b', 'gone', 15_000],
      ['d', 'stopped', 20_000],
    ]);
    expect(drop).toEqual(['c']);
    expect(listed[0]).not.toHaveProperty('stopped');
  });

  it('drops malformed entries and entries filed under another id; a reporter clock ahead of ours counts as just now', () => {
    const { listed, drop } = classifyInstances(
      { x: 'not json', y: JSON.stringify({ instance_id: 'y' }), z: JSON.stringify(report('other', now)), w: JSON.stringify(report('w', now + 5_000)) },
      now,
      opts,
    );
    expect(drop.sort()).toEqual(['x', 'y', 'z']);
    expect(listed.map((i) => [i.instance_id, i.status, i.silent_ms])).toEqual([['w', 'up', 0]]);
  });

  it('sorts gateways before region workers, then by start time', () => {
    const { listed } = classifyInstances(
      stored(report('w1', now, { kind: 'region-worker', url: null }), report('g2', now, { started_at: new Date(2).toISOString() }), report('g1', now, { started_at: new Date(1).toISOString() })),
      now,
      opts,
    );
    expect(listed.map((i) => i.instance_id)).toEqual(['g1', 'g2', 'w1']);
  });
});
