import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { serviceUrls, stationView as view } from '@restgw/testing';
import { StationKeys, stationField } from '@restgw/contracts';
import { StationDirectoryPublisher } from '@restgw/control-stations';
import { StationDirectoryMirror } from '@restgw/region-stations';
import { RedisStateStore, Write } from '@restgw/state';
import { eventually } from './gateway-client';

/** The gateway's station directory mirror against a real Redis, fed by the control plane's publisher. */
describe('StationDirectoryMirror (real Redis)', () => {
  const region = `mirror-${randomBytes(3).toString('hex')}`;
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  let store: RedisStateStore;
  let publisher: StationDirectoryPublisher;
  let mirror: StationDirectoryMirror;
  const noneHeld = { stations: [], policies: [] };

  beforeAll(async () => {
    store = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
    publisher = new StationDirectoryPublisher(store);
    await publisher.replaceRegion(region, [view({ name: 'before-boot' })], new Map(), noneHeld);
    mirror = new StationDirectoryMirror({ store, regionId: region, resyncIntervalMs: 300 });
    mirror.start();
    await eventually(async () => mirror.isLoaded(), 5_000);
  });
  afterAll(async () => {
    await mirror?.stop();
    const observer = new Redis(serviceUrls.redis);
    const keys = await observer.keys(`${prefix}*`);
    if (keys.length) await observer.del(...keys);
    observer.disconnect();
    await store?.close();
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
    await store.write([Write.hset(StationKeys.directory(region), stationField(1, 'silent'), JSON.stringify(view({ name: 'silent' })))]);
    const elapsed = await eventually(async () => mirror.lookup(1, 'silent') !== undefined, 3_000);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('keeps its last known directory while the store holds no published one, and reloads at once on a republish', async () => {
    await store.write([Write.del(StationKeys.directory(region)), Write.del(StationKeys.published(region))]); // as after an empty restart
    expect(await mirror.resync()).toBe(false);
    await new Promise((r) => setTimeout(r, 700)); // two reload periods
    expect(mirror.lookup(1, 'before-boot')?.status).toBe('active');
    expect(mirror.lookup(1, 'silent')).toBeDefined();

    await publisher.replaceRegion(region, [view({ name: 'before-boot', version: 7 })], new Map(), noneHeld);
    await eventually(async () => mirror.lookup(1, 'before-boot')?.version === 7, 2_000);
  });
});
