import { regionLayout } from './region-layout';

const base = { regions: [], regionId: 'local-1', gatewayPorts: [], gatewayPort: 4444, kafkaBrokers: undefined, databaseUrl: 'postgresql://postgres:pw@127.0.0.1:5488/restgw' };

describe('regionLayout (npm start REGIONS=...)', () => {
  it('defaults to one region, as before: REGION_ID on GATEWAY_PORT with the embedded log in the stack database', () => {
    expect(regionLayout(base)).toEqual([
      { id: 'local-1', gatewayPort: 4444, gatewayUrl: 'http://127.0.0.1:4444', log: { kind: 'embedded', databaseUrl: base.databaseUrl } },
    ]);
  });

  it('gives each further region the next port (+10) and an embedded log of its own', () => {
    const [one, two] = regionLayout({ ...base, regions: ['local-1', 'local-2'] });
    expect(one.log).toEqual({ kind: 'embedded', databaseUrl: base.databaseUrl });
    expect(two).toEqual({ id: 'local-2', gatewayPort: 4454, gatewayUrl: 'http://127.0.0.1:4454', log: { kind: 'embedded', databaseUrl: 'postgresql://postgres:pw@127.0.0.1:5488/restgw_local_2' } });
    expect(regionLayout({ ...base, regions: ['local-1', 'local-2'], gatewayPorts: ['5000', '5001'] }).map((r) => r.gatewayPort)).toEqual([5000, 5001]);
  });

  it('cluster profile: the regions broker lists in order, a recipe broker for a region without one', () => {
    expect(regionLayout({ ...base, regions: ['aws-a', 'aws-b'], kafkaBrokers: 'k1:9092,k2:9092;k3:9092' }).map((r) => r.log)).toEqual([
      { kind: 'kafka', brokers: 'k1:9092,k2:9092' },
      { kind: 'kafka', brokers: 'k3:9092' },
    ]);
    expect(regionLayout({ ...base, regions: ['local-1', 'local-2'], kafkaBrokers: '127.0.0.1:9092' }).map((r) => r.log)).toEqual([
      { kind: 'kafka', brokers: '127.0.0.1:9092' },
      { kind: 'recipe', port: 9192 },
    ]);
    expect(regionLayout({ ...base, regions: ['local-1', 'local-2', 'local-3'], kafkaBrokers: '127.0.0.1:9092', recipePort: 21050 }).map((r) => r.log)).toEqual([
      { kind: 'kafka', brokers: '127.0.0.1:9092' },
      { kind: 'recipe', port: 21050 },
      { kind: 'recipe', port: 21150 },
    ]);
  });

  it('refuses what would not work, naming the variable', () => {
    expect(() => regionLayout({ ...base, regions: ['Local 2'] })).toThrow(/REGIONS/);
    expect(() => regionLayout({ ...base, regions: ['local-1', 'local-1'] })).toThrow(/REGIONS names a region twice/);
    expect(() => regionLayout({ ...base, regions: ['local-1', 'local-2'], gatewayPorts: ['4444'] })).toThrow(/GATEWAY_PORTS/);
    expect(() => regionLayout({ ...base, regions: ['local-1', 'local-2'], gatewayPorts: ['4444', '4444'] })).toThrow(/share gateway port/);
    expect(() => regionLayout({ ...base, regions: ['local-1', 'local-2'], kafkaBrokers: 'a:1;a:1' })).toThrow(/its own log/);
    expect(() => regionLayout({ ...base, kafkaBrokers: 'a:1;b:1' })).toThrow(/2 broker lists for 1 region/);
  });
});
