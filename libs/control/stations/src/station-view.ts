import type { Schema, SchemaVersion, Station } from '@restgw/db';
import type { SchemaView, StationView } from '@restgw/contracts';

export type StationWithSchema = Station & { schema: (Schema & { versions: SchemaVersion[] }) | null };

/** Prisma include that loads a station's attached schema with its latest version only. */
export const WITH_LATEST_SCHEMA = {
  schema: { include: { versions: { orderBy: { version: 'desc' as const }, take: 1 } } },
};

export function toSchemaView(schema: Schema, v: SchemaVersion): SchemaView {
  const view: SchemaView = { schemaId: schema.id, name: schema.name, type: schema.type, version: v.version, definition: v.definition };
  if (v.messageType) view.messageType = v.messageType;
  return view;
}

/** The station as its region's gateways see it: an attached schema means its latest version. */
export function toStationView(s: StationWithSchema): StationView {
  const latest = s.schema?.versions[0];
  return {
    accountId: s.accountId,
    name: s.name,
    status: s.status,
    partitions: s.partitions,
    maxMessageBytes: s.maxMessageBytes,
    schema: s.schema && latest ? toSchemaView(s.schema, latest) : null,
    version: s.version,
  };
}

const num = (v: bigint | null) => (v === null ? null : Number(v));

/** Admin API / CLI shape (snake_case). */
export function toStationResponse(s: Station) {
  return {
    id: s.id,
    account_id: s.accountId,
    region_id: s.regionId,
    name: s.name,
    status: s.status,
    partitions: s.partitions,
    retention_ms: num(s.retentionMs),
    retention_bytes: num(s.retentionBytes),
    max_message_bytes: s.maxMessageBytes,
    schema_id: s.schemaId,
    version: s.version,
    last_error: s.lastError,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export function toSchemaResponse(s: Schema & { versions: SchemaVersion[] }) {
  return {
    id: s.id,
    account_id: s.accountId,
    name: s.name,
    type: s.type,
    created_at: s.createdAt,
    versions: s.versions.map((v) => ({ version: v.version, definition: v.definition, message_type: v.messageType, created_at: v.createdAt })),
  };
}
