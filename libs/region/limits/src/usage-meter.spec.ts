import { UsageMeter } from './usage-meter';

describe('UsageMeter', () => {
  it('counts per account, station and minute; outcomes by class with 429 apart; drain starts afresh', () => {
    const m = new UsageMeter();
    const t = Date.parse('2026-11-24T10:15:30Z');
    m.produced(1, 'a', 3, 30, t);
    m.produced(1, 'a', 2, 20, t + 20_000);
    m.consumed(1, 'a', 4, 40, t + 25_000);
    m.produced(1, 'a', 1, 10, t + 40_000); // next minute
    m.produced(2, 'a', 1, 1, t);
    for (const status of [200, 200, 400, 404, 429, 503, 500]) m.request(1, 'b', status, t);
    const rows = m.drain();
    expect(m.drain()).toEqual([]);
    const minute = Date.parse('2026-11-24T10:15:00Z');
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: 1, station: 'a', minute, producedMessages: 5, producedBytes: 50, consumedMessages: 4, consumedBytes: 40 }),
        expect.objectContaining({ accountId: 1, station: 'a', minute: minute + 60_000, producedMessages: 1 }),
        expect.objectContaining({ accountId: 2, station: 'a', minute, producedMessages: 1 }),
        expect.objectContaining({ accountId: 1, station: 'b', minute, requests2xx: 2, requests4xx: 2, requests429: 1, requests5xx: 2, producedMessages: 0 }),
      ]),
    );
    expect(rows).toHaveLength(4);
  });
});
