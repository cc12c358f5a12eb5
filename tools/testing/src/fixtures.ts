import type { StationView } from '@restgw/contracts';

/** A live station view of account 1 for tests; `over` changes any field. */
export const stationView = (over: Partial<StationView> = {}): StationView => ({
  accountId: 1,
  name: 'orders',
  status: 'active',
  partitions: 1,
  maxMessageBytes: 1024,
  schema: null,
  version: 1,
  ...over,
});
