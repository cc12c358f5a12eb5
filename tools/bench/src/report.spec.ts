import { consoleLine, fmt, pct, ratios, renderMarkdown, renderSvg, type Meta, type ResultRow } from './report';

function row(workload: string, system: ResultRow['system'], messagesPerSec: number, p99Ms = 10): ResultRow {
  return {
    workload,
    system,
    requests: 100,
    messages: 1000,
    bytes: 1_024_000,
    elapsedMs: 1000,
    messagesPerSec,
    requestsPerSec: messagesPerSec / 10,
    mbPerSec: 1.02,
    p50Ms: 2,
    p99Ms,
    p999Ms: 20,
    cpuSecPer10k: 0.5,
    errors: 0,
  };
}

const rows = [
  row('produce-batch 100x1KiB c1', 'gateway', 7000, 15),
  row('produce-batch 100x1KiB c1', 'native', 10000, 10),
  row('produce-batch 100x1KiB c1', 'peer', 5000),
  row('produce-batch 100x1KiB c1', 'java', 40000),
  row('authenticate c4', 'gateway', 20),
];

const meta: Meta = {
  startedAt: '2026-11-23T00:00:00.000Z',
  host: { cpus: 2, cpuModel: 'Test CPU', totalMemGiB: 8, platform: 'linux' },
  versions: { node: 'v20', kafka: '3.9.2', kafkajs: '2.2.4' },
  settings: { durationPerRunSec: 10 },
  peer: { status: 'not measured', detail: 'none on Maven Central' },
  notes: ['shared host'],
};

describe('report', () => {
  it('computes every ratio against both ceilings (native kafkajs, Java tools) and the added p99', () => {
    const gatewayCpu = { ...rows[0], cpuSecPer10k: 1.5 };
    expect(ratios([gatewayCpu, ...rows.slice(1)])).toEqual([
      {
        workload: 'produce-batch 100x1KiB c1',
        gateway: 7000,
        native: 10000,
        ratio: 0.7,
        addedP99Ms: 5,
        peer: 5000,
        peerRatio: 0.5,
        java: 40000,
        gatewayToJava: 0.175,
        nativeToJava: 0.25,
        peerToJava: 0.125,
        cpuRatio: 3,
      },
      {
        workload: 'authenticate c4',
        gateway: 20,
        native: null,
        ratio: null,
        addedP99Ms: null,
        peer: null,
        peerRatio: null,
        java: null,
        gatewayToJava: null,
        nativeToJava: null,
        peerToJava: null,
        cpuRatio: null,
      },
    ]);
  });

  it('formats numbers compactly', () => {
    expect(fmt(12345.6)).toBe('12,346');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(0.01234)).toBe('0.0123');
    expect(fmt(null)).toBe('-');
    expect(fmt(NaN)).toBe('-');
    expect(pct(0.7)).toBe('70%');
    expect(pct(null)).toBe('-');
  });

  it('renders a markdown table with the ratio, host, versions and peer status', () => {
    const md = renderMarkdown(meta, rows);
    expect(md).toContain('| produce-batch 100x1KiB c1 | 7,000 | 10,000 | 40,000 | 5,000 | 70% | 18% | 25% | 50% | 13% | 5.00 | 1.00x |');
    expect(md).toContain('| authenticate c4 | 20.0 | - | - | - | - | - | - | - | - | - | - |');
    expect(md).toContain('2 x Test CPU');
    expect(md).toContain('kafka 3.9.2');
    expect(md).toContain('Peer: **not measured**');
  });

  it('renders one bar per measured system and workload in a well-formed SVG', () => {
    const svg = renderSvg(rows);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<title>/g)).toHaveLength(5);
    expect(svg).toContain('produce-batch 100x1KiB c1 gateway: 7,000 msg/s');
    // Bars grow with the value (log scale): native wider than gateway.
    const width = (label: string) => Number(new RegExp(`width="([\\d.]+)" height="10" fill="[^"]+"><title>${label}`).exec(svg)?.[1]);
    expect(width('produce-batch 100x1KiB c1 native')).toBeGreaterThan(width('produce-batch 100x1KiB c1 gateway'));
    expect(renderSvg([row('a<b', 'gateway', 0)])).toContain('a&lt;b');
  });

  it('prints aligned console lines', () => {
    expect(consoleLine(rows[0])).toMatch(/^produce-batch 100x1KiB c1\s+gateway\s+7,000/);
  });
});
