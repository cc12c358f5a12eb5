import { COMMON_ERRORS, errorResponse, OperationDoc } from '@restgw/platform';
import { ACCOUNT_NOT_FOUND, ACCOUNT_PARAM, OPERATOR, OPERATOR_ERRORS } from '../admin/operator-routes.openapi';
import { AddSchemaVersionDto, AttachSchemaDto, CreateSchemaDto, CreateStationDto, ImplicitStationDto, StationPolicyDto, UpdateStationDto } from './stations.dto';

const DATE = { type: 'string', format: 'date-time' };
const NULLABLE_INT = { type: ['integer', 'null'] };
const STATUS = { enum: ['provisioning', 'active', 'failed', 'deleting', 'deleted'] };

const STATION = {
  type: 'object',
  required: ['id', 'account_id', 'region_id', 'name', 'status', 'partitions', 'retention_ms', 'retention_bytes', 'max_message_bytes', 'schema_id', 'version', 'last_error', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    account_id: { type: 'integer' },
    region_id: { type: 'string' },
    name: { type: 'string' },
    status: STATUS,
    partitions: { type: 'integer' },
    retention_ms: { ...NULLABLE_INT, description: 'null: the broker default; -1: unlimited' },
    retention_bytes: { ...NULLABLE_INT, description: 'null: the broker default; -1: unlimited' },
    max_message_bytes: { type: 'integer' },
    schema_id: { type: ['string', 'null'] },
    version: { type: 'integer', description: 'Bumped by every change; provisioning jobs carry it' },
    last_error: { type: ['string', 'null'], description: 'Why provisioning failed (status failed)' },
    created_at: DATE,
    updated_at: DATE,
  },
  additionalProperties: false,
};
const STATION_EXAMPLE = {
  id: 'b2b38d49-b083-4e2d-8b39-af3b362e24bc',
  account_id: 1,
  region_id: 'aws-eu-central-1',
  name: 'orders',
  status: 'active',
  partitions: 3,
  retention_ms: 604800000,
  retention_bytes: null,
  max_message_bytes: 1048576,
  schema_id: null,
  version: 2,
  last_error: null,
  created_at: '2026-12-02T12:19:09.277Z',
  updated_at: '2026-12-02T12:19:09.370Z',
};

const SCHEMA = {
  type: 'object',
  required: ['id', 'account_id', 'name', 'type', 'created_at', 'versions'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    account_id: { type: 'integer' },
    name: { type: 'string' },
    type: { enum: ['json', 'protobuf'] },
    created_at: DATE,
    versions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'definition', 'message_type', 'created_at'],
        properties: { version: { type: 'integer' }, definition: { type: 'string' }, message_type: { type: ['string', 'null'] }, created_at: DATE },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
const SCHEMA_EXAMPLE = {
  id: 'b6de4291-6c5e-46bb-878e-d123771b0f5a',
  account_id: 1,
  name: 'orders',
  type: 'json',
  created_at: '2026-12-02T12:19:09.038Z',
  versions: [{ version: 1, definition: '{"type":"object","required":["order_id"]}', message_type: null, created_at: '2026-12-02T12:19:09.038Z' }],
};

const STATION_PARAMS = { ...ACCOUNT_PARAM, region: { description: 'Region id', example: 'aws-eu-central-1' }, name: { description: 'Station name', example: 'orders' } };
const SCHEMA_PARAMS = { ...ACCOUNT_PARAM, schemaId: { description: 'Schema id', example: SCHEMA_EXAMPLE.id } };
const STATION_NOT_FOUND = errorResponse(404, 'No such account or station', 'Station orders not found in region aws-eu-central-1 for account 1');
const SCHEMA_NOT_FOUND = errorResponse(404, 'No such account or schema', 'Schema b6de4291-6c5e-46bb-878e-d123771b0f5a not found in account 1');
const stationAnswer = (description: string, example: Record<string, unknown> = {}) => ({ description, schema: STATION, example: { ...STATION_EXAMPLE, ...example } });
const schemaAnswer = (description: string) => ({ description, schema: SCHEMA, example: SCHEMA_EXAMPLE });

export const STATIONS_DOCS = {
  create: {
    summary: 'Create a station (provisioned on the region by its worker)',
    tags: ['Stations'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: CreateStationDto, example: { region_id: 'aws-eu-central-1', name: 'orders', partitions: 3, retention_ms: 604800000 } },
    responses: {
      201: stationAnswer('Created, status provisioning', { status: 'provisioning', version: 1 }),
      ...OPERATOR_ERRORS,
      403: errorResponse(403, "The account's station quota is reached", 'Station quota reached: account 1 may have 100 stations'),
      404: errorResponse(404, 'No such account, region or schema', 'Region aws-eu-central-1 not found'),
      409: errorResponse(409, 'The station exists (or is being deleted)', 'Station orders already exists in region aws-eu-central-1'),
    },
  },
  list: {
    summary: "List an account's stations",
    tags: ['Stations'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'Every station of the account, all regions', schema: { type: 'array', items: STATION }, example: [STATION_EXAMPLE] }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  get: {
    summary: 'Read a station',
    tags: ['Stations'],
    security: OPERATOR,
    params: STATION_PARAMS,
    responses: { 200: stationAnswer('The station'), ...OPERATOR_ERRORS, 404: STATION_NOT_FOUND },
  },
  update: {
    summary: 'Change partitions (increase only), retention or message size',
    tags: ['Stations'],
    security: OPERATOR,
    params: STATION_PARAMS,
    body: { dto: UpdateStationDto, example: { partitions: 6, retention_ms: 86400000 } },
    responses: {
      200: stationAnswer('Changed; the worker applies it', { partitions: 6, retention_ms: 86400000, version: 3 }),
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Invalid values, or fewer partitions', 'partitions can only increase (station orders has 3)'),
      404: STATION_NOT_FOUND,
      409: errorResponse(409, 'The station is being deleted or changed concurrently', 'Station orders is deleting'),
    },
  },
  remove: {
    summary: 'Delete a station (its topic is deleted by the worker)',
    tags: ['Stations'],
    security: OPERATOR,
    params: STATION_PARAMS,
    responses: { 200: stationAnswer('Deleting', { status: 'deleting', version: 3 }), ...OPERATOR_ERRORS, 404: STATION_NOT_FOUND, 409: errorResponse(409, 'Already deleted or being deleted', 'Station orders is deleting') },
  },
  attach: {
    summary: 'Attach a schema: gateways validate produced messages against its latest version',
    tags: ['Stations'],
    security: OPERATOR,
    params: STATION_PARAMS,
    body: { dto: AttachSchemaDto, example: { schema_id: SCHEMA_EXAMPLE.id } },
    responses: { 200: stationAnswer('Attached', { schema_id: SCHEMA_EXAMPLE.id, version: 3 }), ...OPERATOR_ERRORS, 404: SCHEMA_NOT_FOUND, 409: errorResponse(409, 'The station is being deleted', 'Station orders is deleting') },
  },
  detach: {
    summary: 'Detach the schema',
    tags: ['Stations'],
    security: OPERATOR,
    params: STATION_PARAMS,
    responses: { 200: stationAnswer('Detached', { version: 4 }), ...OPERATOR_ERRORS, 404: STATION_NOT_FOUND, 409: errorResponse(409, 'The station is being deleted', 'Station orders is deleting') },
  },
  createSchema: {
    summary: 'Create a schema (JSON Schema or Protobuf) with its first version',
    tags: ['Schemas'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: CreateSchemaDto, example: { name: 'orders', type: 'json', definition: '{"type":"object","required":["order_id"]}' } },
    responses: {
      201: schemaAnswer('Created'),
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Invalid name, type or definition', 'type must be "json" or "protobuf"'),
      404: ACCOUNT_NOT_FOUND,
      409: errorResponse(409, 'A schema of that name exists', 'Schema orders already exists in account 1'),
    },
  },
  addVersion: {
    summary: 'Add a version to a schema (stations using it move to it)',
    tags: ['Schemas'],
    security: OPERATOR,
    params: SCHEMA_PARAMS,
    body: { dto: AddSchemaVersionDto, example: { definition: '{"type":"object","required":["order_id","amount"]}' } },
    responses: { 201: schemaAnswer('The schema with its versions'), ...OPERATOR_ERRORS, 404: SCHEMA_NOT_FOUND },
  },
  listSchemas: {
    summary: "List an account's schemas",
    tags: ['Schemas'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'Every schema with its versions', schema: { type: 'array', items: SCHEMA }, example: [SCHEMA_EXAMPLE] }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  getSchema: {
    summary: 'Read a schema',
    tags: ['Schemas'],
    security: OPERATOR,
    params: SCHEMA_PARAMS,
    responses: { 200: schemaAnswer('The schema with its versions'), ...OPERATOR_ERRORS, 404: SCHEMA_NOT_FOUND },
  },
  getPolicy: {
    summary: "Read the account's station policy (implicit creation, quota) and its station count",
    tags: ['Stations'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: {
      200: {
        description: 'The policy',
        schema: {
          type: 'object',
          required: ['account_id', 'auto_create', 'station_quota', 'stations'],
          properties: { account_id: { type: 'integer' }, auto_create: { type: 'boolean' }, station_quota: { type: 'integer' }, stations: { type: 'integer', description: 'Stations counted against the quota' } },
          additionalProperties: false,
        },
        example: { account_id: 1, auto_create: true, station_quota: 100, stations: 3 },
      },
      ...OPERATOR_ERRORS,
      404: ACCOUNT_NOT_FOUND,
    },
  },
  setPolicy: {
    summary: "Set the account's station policy",
    tags: ['Stations'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: StationPolicyDto, example: { auto_create: false, station_quota: 50 } },
    responses: {
      200: {
        description: 'The new policy',
        schema: { type: 'object', required: ['account_id', 'auto_create', 'station_quota'], properties: { account_id: { type: 'integer' }, auto_create: { type: 'boolean' }, station_quota: { type: 'integer' } }, additionalProperties: false },
        example: { account_id: 1, auto_create: false, station_quota: 50 },
      },
      ...OPERATOR_ERRORS,
      404: ACCOUNT_NOT_FOUND,
    },
  },
} satisfies Record<string, OperationDoc>;

const STATION_DIRECTORY_VIEW = {
  type: 'object',
  required: ['accountId', 'name', 'status', 'partitions', 'maxMessageBytes', 'schema', 'version'],
  properties: {
    accountId: { type: 'integer' },
    name: { type: 'string' },
    status: STATUS,
    partitions: { type: 'integer' },
    maxMessageBytes: { type: 'integer' },
    schema: { type: ['object', 'null'] },
    version: { type: 'integer' },
  },
  additionalProperties: false,
};
const DIRECTORY_EXAMPLE = { accountId: 1, name: 'orders', status: 'provisioning', partitions: 1, maxMessageBytes: 1048576, schema: null, version: 1 };

export const IMPLICIT_STATION_DOCS = {
  implicit: {
    summary: 'A gateway met an unknown station: create it if the account\'s policy allows (internal, called with the customer\'s own token)',
    tags: ['Internal'],
    security: ['customer'],
    body: { dto: ImplicitStationDto, example: { region_id: 'aws-eu-central-1', station: 'orders' } },
    responses: {
      200: { description: 'The station exists', schema: STATION_DIRECTORY_VIEW, example: { ...DIRECTORY_EXAMPLE, status: 'active', version: 2 } },
      201: { description: 'Created', schema: STATION_DIRECTORY_VIEW, example: DIRECTORY_EXAMPLE },
      400: errorResponse(400, 'Invalid station name or region', 'Invalid station name: 1-128 characters of a-z 0-9 _ . - , not starting or ending with _ . -'),
      401: COMMON_ERRORS.unauthorized,
      403: errorResponse(403, 'Account not enabled in the region, or the station quota reached', 'Account 1 is not enabled in region aws-eu-central-1'),
      404: errorResponse(404, 'Implicit creation is off for the account, or the station was deleted', 'Station orders was deleted; an operator can create it again'),
      409: errorResponse(409, 'The name collides with an existing station (same Kafka name)', 'Station orders is being deleted; try again when its status is deleted'),
      503: COMMON_ERRORS.unavailable,
    },
  },
} satisfies Record<string, OperationDoc>;
