/**
 * What the control plane, the region workers and the gateways agree on about
 * stations and schemas. The control plane's database is the source of truth;
 * a region's worker applies it to Kafka; gateways read a per-region station
 * directory from the regional Redis (under the deployment's REDIS_KEY_PREFIX,
 * the state store's keyPrefix), mirrored in memory like the access state.
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export type SchemaType = 'json' | 'protobuf';

/** One schema version as gateways need it to validate (compiled once per id+version). */
export interface SchemaView {
  schemaId: string;
  name: string;
  type: SchemaType;
  version: number;
  /** JSON Schema document (as JSON text) or .proto source. */
  definition: string;
  /** Protobuf only: fully qualified message type the station's messages must be. */
  messageType?: string;
}

export type StationStatus = 'provisioning' | 'active' | 'failed' | 'deleting' | 'deleted';

/** A station as the gateways of its region see it. */
export interface StationView {
  accountId: number;
  name: string;
  status: StationStatus;
  partitions: number;
  maxMessageBytes: number;
  schema: SchemaView | null;
  /** Monotonic per station: a mirror ignores an older view than the one it holds. */
  version: number;
}

export const StationKeys = {
  /** HASH `<accountId>/<station>` -> StationView JSON, for every live or deleted station of the region. */
  directory: (regionId: string) => `st:${regionId}:stations`,
  /** HASH accountId -> JSON { autoCreate: boolean, stationQuota: number } for accounts enabled in the region. */
  policies: (regionId: string) => `st:${regionId}:policies`,
  /** STRING: when the control plane last wrote the region's complete directory (ISO time); absent = incomplete (see AccessKeys.published). */
  published: (regionId: string) => `st:${regionId}:published`,
} as const;

export const stationField = (accountId: number, station: string) => `${accountId}/${station}`;

/** Pub/sub channel (not prefixed by the store): one StationEvent JSON per change, after the write. */
export const stationEventsChannel = (keyPrefix: string, regionId: string) => `${keyPrefix}st:${regionId}:events`;

export type StationEvent =
  | { kind: 'station'; view: StationView }
  | { kind: 'policy'; accountId: number; autoCreate: boolean; stationQuota: number }
  /** The region's complete directory was rewritten: reload it. */
  | { kind: 'republished' };
