import { UsageReportJob } from '@restgw/contracts';
import { UsageMeter } from './usage-meter';
import { UsageShipper } from './usage-shipper';

class FlakySink {
  sent: UsageReportJob[] = [];
  attempts: string[] = [];
  failing = false;
  async send(r: UsageReportJob): Promise<void> {
    this.attempts.push(r.id);
    if (this.failing) throw new Error('queue unreachable');
    this.sent.push(r);
  }
}

describe('UsageShipper', () => {
  it('sends one report per interval with counts, none when idle; a failed report is retried with the same id, in order', async () => {
    const meter = new UsageMeter();
    const sink = new FlakySink();
    const errors: string[] = [];
    const shipper = new UsageShipper(meter, sink, { regionId: 'r-1', flushIntervalMs: 60_000, onError: (m) => errors.push(m) });
    await shipper.flush();
    expect(sink.attempts).toEqual([]);

    meter.produced(1, 's', 2, 20);
    sink.failing = true;
    await shipper.flush();
    meter.produced(1, 's', 3, 30);
    await shipper.flush();
    expect(shipper.pendingReports).toBe(2);
    expect(errors[0]).toMatch(/not sent.*queue unreachable/);

    sink.failing = false;
    await shipper.flush();
    expect(sink.sent.map((r) => r.rows[0].producedMessages)).toEqual([2, 3]);
    expect(sink.attempts[0]).toBe(sink.sent[0].id); // the failed report kept its id
    expect(new Set(sink.sent.map((r) => r.id)).size).toBe(2);
    expect(sink.sent[0].id.startsWith(shipper.instanceId)).toBe(true);
    expect(sink.sent[0].regionId).toBe('r-1');
    expect(shipper.pendingReports).toBe(0);
  });

  it('keeps at most maxPendingReports while the sink is away (oldest dropped); stop() sends the last interval', async () => {
    const meter = new UsageMeter();
    const sink = new FlakySink();
    const shipper = new UsageShipper(meter, sink, { regionId: 'r', flushIntervalMs: 60_000, maxPendingReports: 2 });
    sink.failing = true;
    for (let i = 1; i <= 3; i++) {
      meter.produced(1, 's', i, i);
      await shipper.flush();
    }
    sink.failing = false;
    meter.produced(1, 's', 4, 4);
    await shipper.stop(1000);
    expect(sink.sent.map((r) => r.rows[0].producedMessages)).toEqual([3, 4]); // report 1 and then 2 were dropped
  });
});
