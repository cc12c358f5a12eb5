import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { serviceUrls, stationView as view } from '@restgw/testing';
import { StationKeys, stationField } from '@restgw/contracts';
import { StationDirectoryPublisher } from '@restgw/control-stations';
import { StationDirectoryMirror } from '@restgw/region-stations';
import { eventually } from './gateway-client';

/** The gateway's station directory mirror against a real Redis, fed by the control plane's publisher. */
describe('StationDirectoryMirror (real Redis)', () => {
  const region = `mirror-${randomBytes(3).toString('hex')}`;
  let redis: Redis;
  let publisher: StationDirectoryPublisher;
  let mirror: StationDirectoryMirror;

  beforeAll(async () => {
    redis = new Redis(serviceUrls.redis, { keyPrefix: `test-${randomBytes(4).toString('hex')}:` });
    publisher = new StationDirectoryPublisher(redis);
    await publisher.publishStation(region, view({ name: 'before-boot' }));
    mirror = new StationDirectoryMirror({ redis, regionId: region, resyncIntervalMs: 300 });
    mirror.start();
    await eventually(async () => mirror.isLoaded(), 5_000);
  });
  afterAll(async () => {
    await mirror?.stop();
    await redis?.del(StationKeys.directory(region));
    redis?.disconnect();
  });

  it('loads the directory at boot', () => {
    expect(mirror.lookup(1, 'before-boot')?.status).toBe('active');
    expect(mirror.lookup(2, 'before-boot')).toBeUndefined();
  });

  it('applies published changes at once and ignores older versions', async () => {
    const changes: string[] = [];
    mirror.onChange((a, s) => changes.push(`${a}/${s}`));
    await publisher.publishStation(region, view({ name: 'live', version: 3 }));
    await eventually(async () => mirror.lookup(1, 'live')?.version === 3, 2_000);
    expect(changes).toContain('1/live');
    await publisher.publishStation(region, view({ name: 'live', version: 2, status: 'deleted' }));
    await publisher.publishStation(region, view({ name: 'live', version: 4, status: 'deleted' }));
    await eventually(async () => mirror.lookup(1, 'live')?.status === 'deleted', 2_000);
    expect(mirror.lookup(1, 'live')?.version).toBe(4);
  });

  it('picks up a change whose event was missed at the next reload', async () => {
    await redis.hset(StationKeys.directory(region), stationField(1, 'silent'), JSON.stringify(view({ name: 'silent' })));
    const elapsed = await eventually(async () => mirror.lookup(1, 'silent') !== undefined, 3_000);
    expect(elapsed).toBeLessThan(3_000);
  });
});
