import { parseBenchArgs } from './args';
import { jsonBatch, textBody } from './payloads';
import { stationName, workloads, DEFAULT_MATRIX } from './workloads';

describe('bench arguments', () => {
  it('defaults to the demo user on the local gateway', () => {
    const a = parseBenchArgs([], {});
    expect(a).toMatchObject({ quick: false, durationSec: 10, gatewayUrl: 'http://127.0.0.1:4444', username: 'demo', password: 'demo-password', brokers: ['127.0.0.1:9092'] });
    expect(a.accountId).toBeUndefined();
  });

  it('takes flags over env, and --quick shortens runs', () => {
    const a = parseBenchArgs(['--quick', '--gateway', 'http://localhost:5000/', '--account', '3'], { BENCH_USERNAME: 'u', BENCH_ACCOUNT_ID: '9' });
    expect(a).toMatchObject({ quick: true, durationSec: 2, gatewayUrl: 'http://localhost:5000', username: 'u', accountId: 3 });
  });

  it('refuses targets that are not on this machine', () => {
    expect(() => parseBenchArgs(['--gateway', 'http://example.com:4444'], {})).toThrow(/127\.0\.0\.1/);
    expect(() => parseBenchArgs(['--brokers', '10.0.0.1:9092'], {})).toThrow(/brokers/);
  });
});

describe('workloads and payloads', () => {
  it('covers the matrix of issue 6', () => {
    const ids = workloads(DEFAULT_MATRIX).map((w) => w.id);
    expect(ids).toHaveLength(13);
    expect(ids).toContain('produce-single 100B c64');
    expect(ids).toContain('produce-batch 1000x1KiB c1');
    expect(ids).toContain('consume-batch 10x1KiB');
    expect(ids[ids.length - 1]).toBe('authenticate c4');
  });

  it('makes valid, unique station names', () => {
    const [w] = workloads(DEFAULT_MATRIX);
    expect(stationName('251123', w, 'gw')).toBe('bench-251123-gw-produce-single-100b-c1');
  });

  it('stores batch elements of exactly the requested size', () => {
    const { body, element } = jsonBatch(3, 1024);
    expect(element.length).toBe(1024);
    expect(JSON.parse(body.toString())).toHaveLength(3);
    expect(textBody(100).length).toBe(100);
  });
});
