import type { StateStore } from '../state-store';
import type { MirrorSource } from './mirror';

export interface StateStoreSourceOptions<Snapshot, Event> {
  store: StateStore;
  /** The events channel the publisher announces changes on (after writing them). */
  channel: string;
  /** Reads a snapshot in one atomic read; null when the store holds no complete one (its marker is missing). */
  load(store: StateStore): Promise<Snapshot | null>;
  /** A change, 'reload' (the publisher rewrote the whole state), or null for a payload to ignore. */
  parse(payload: string): Event | 'reload' | null;
  /** Told of ignored payloads. */
  onIgnored?(payload: string): void;
}

/** A mirror source on the state store: snapshots by one read, events by pub/sub, a reload after every resubscribe. */
export function stateStoreSource<Snapshot, Event>(opts: StateStoreSourceOptions<Snapshot, Event>): MirrorSource<Snapshot, Event> {
  return {
    load: () => opts.load(opts.store),
    subscribe: (sink) =>
      opts.store.subscribe(opts.channel, {
        message: (payload) => {
          const parsed = opts.parse(payload);
          if (parsed === 'reload') sink.reload();
          else if (parsed === null) opts.onIgnored?.(payload);
          else sink.event(parsed);
        },
        resubscribed: () => sink.reload(),
      }),
  };
}
