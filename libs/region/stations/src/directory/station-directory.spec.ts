import { StationView } from '@restgw/contracts';
import { parseStationEvent, parseStationView, StationDirectory, viewsFromHash } from './station-directory';
import { stationView as view } from '@restgw/testing';

const snapshot = (...views: StationView[]) => new Map(views.map((v) => [`${v.accountId}/${v.name}`, v]));

describe('StationDirectory', () => {
  it('keeps the newest version and ignores older or equal ones', () => {
    const d = new StationDirectory();
    expect(d.apply(view({ version: 2 }), 0)).toBe(true);
    expect(d.apply(view({ version: 1, status: 'deleted' }), 0)).toBe(false);
    expect(d.apply(view({ version: 2, status: 'deleted' }), 0)).toBe(false);
    expect(d.get(1, 'orders')?.status).toBe('active');
    expect(d.apply(view({ version: 3, status: 'deleted' }), 0)).toBe(true);
    expect(d.get(1, 'orders')?.status).toBe('deleted');
  });

  it('keys by account: the same name in two accounts are two stations', () => {
    const d = new StationDirectory();
    d.apply(view({ accountId: 1 }), 0);
    expect(d.get(2, 'orders')).toBeUndefined();
  });

  it('a reload replaces the directory but keeps newer held views and recently touched fields', () => {
    const d = new StationDirectory();
    d.replace(snapshot(view({ name: 'a' }), view({ name: 'b' })), 0, 10_000);
    d.apply(view({ name: 'a', version: 5 }), 1_000); // event newer than the next snapshot
    d.apply(view({ name: 'c', version: 1 }), 1_000); // implicit answer not in the next snapshot
    d.replace(snapshot(view({ name: 'a', version: 4 })), 2_000, 10_000);
    expect(d.get(1, 'a')?.version).toBe(5);
    expect(d.get(1, 'b')).toBeUndefined();
    expect(d.get(1, 'c')).toBeDefined();
    d.replace(snapshot(view({ name: 'a', version: 6 })), 20_000, 10_000);
    expect(d.get(1, 'a')?.version).toBe(6);
    expect(d.get(1, 'c')).toBeUndefined();
  });

  it('a reload reports the views that are new or of another version (changes whose event was missed)', () => {
    const d = new StationDirectory();
    const names = (views: StationView[]) => views.map((v) => `${v.name}@${v.version}`).sort();
    expect(names(d.replace(snapshot(view({ name: 'a' }), view({ name: 'b' })), 0, 10_000))).toEqual(['a@1', 'b@1']);
    d.apply(view({ name: 'a', version: 2 }), 1_000); // heard through its event: not reported again
    expect(names(d.replace(snapshot(view({ name: 'a', version: 2 }), view({ name: 'b', version: 3, status: 'deleted' })), 2_000, 10_000))).toEqual(['b@3']);
    expect(d.replace(snapshot(view({ name: 'a', version: 2 }), view({ name: 'b', version: 3, status: 'deleted' })), 3_000, 10_000)).toEqual([]);
  });
});

describe('parsing', () => {
  it('reads a directory hash, skipping malformed entries', () => {
    const { views, malformed } = viewsFromHash({ '1/a': JSON.stringify(view({ name: 'a' })), '1/b': '{', '1/c': JSON.stringify({ name: 'c' }) });
    expect([...views.keys()]).toEqual(['1/a']);
    expect(malformed).toBe(2);
  });

  it('checks the schema part of a view', () => {
    const schema = { schemaId: 's', name: 'n', type: 'json', version: 1, definition: '{}' };
    expect(parseStationView(view({ schema: schema as never }))).not.toBeNull();
    expect(parseStationView(view({ schema: { ...schema, type: 'xml' } as never }))).toBeNull();
  });

  it('parses station and policy events', () => {
    expect(parseStationEvent(JSON.stringify({ kind: 'station', view: view() }))).toEqual({ kind: 'station', view: view() });
    expect(parseStationEvent(JSON.stringify({ kind: 'policy', accountId: 3, autoCreate: false, stationQuota: 1 }))?.kind).toBe('policy');
    expect(parseStationEvent(JSON.stringify({ kind: 'republished' }))).toEqual({ kind: 'republished' });
    expect(parseStationEvent('nope')).toBeNull();
    expect(parseStationEvent(JSON.stringify({ kind: 'station', view: { name: 1 } }))).toBeNull();
  });
});
