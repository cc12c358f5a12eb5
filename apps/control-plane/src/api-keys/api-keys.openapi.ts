import { errorResponse, OperationDoc } from '@restgw/platform';
import { ACCOUNT_NOT_FOUND, ACCOUNT_PARAM, OPERATOR, OPERATOR_ERRORS } from '../admin/operator-routes.openapi';
import { CreateCustomerKeyDto, CreateOperatorKeyDto } from './api-keys.dto';

const DATE = { type: 'string', format: 'date-time' };
const NULLABLE_DATE = { type: ['string', 'null'], format: 'date-time' };

/** A key as listed: never the key itself (only its prefix); `key` only in the creation's answer. */
const KEY = {
  type: 'object',
  required: ['id', 'kind', 'prefix', 'name', 'scopes', 'created_at', 'created_by', 'expires_at', 'last_used_at', 'revoked_at'],
  properties: {
    id: { type: 'string' },
    kind: { enum: ['operator', 'customer'] },
    prefix: { type: 'string', description: 'The first characters of the key, to recognise it' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    account_id: { type: 'integer', description: 'Customer keys' },
    stations: { type: 'array', items: { type: 'string' }, description: 'Customer keys: station-name patterns ("*": every station)' },
    created_at: DATE,
    created_by: { type: 'string' },
    expires_at: NULLABLE_DATE,
    last_used_at: NULLABLE_DATE,
    revoked_at: NULLABLE_DATE,
  },
  additionalProperties: false,
};
const CREATED = { ...KEY, required: [...KEY.required, 'key'], properties: { ...KEY.properties, key: { type: 'string', description: 'The key: shown once, stored only as a hash' } } };

const OPERATOR_KEY = {
  id: '0f6b1c9e-3d5a-4c1e-9a7b-2f1d8e4c6a10',
  kind: 'operator',
  prefix: 'rgw_op_4kq9',
  name: 'terraform',
  scopes: ['regions:write'],
  created_at: '2026-12-02T12:30:00.000Z',
  created_by: 'ops@example.com',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
};
const CUSTOMER_KEY = { ...OPERATOR_KEY, kind: 'customer', prefix: 'rgw_ck_8hz2', name: 'webhook-ingest', scopes: ['produce'], account_id: 1, stations: ['orders', 'events-*'] };
const KEY_PARAM = { keyId: { description: 'The key id', example: OPERATOR_KEY.id } };
const KEY_NOT_FOUND = errorResponse(404, 'No such key (of this kind, in this account)', 'API key 0f6b1c9e-3d5a-4c1e-9a7b-2f1d8e4c6a10 not found');
const BAD_KEY = errorResponse(400, 'Invalid name, scopes, station patterns or expiry', 'Unknown scope admin:all; one of admin:read, admin:write, regions:write');
const LOGIN_ONLY = errorResponse(403, 'Called with an API key: only a logged-in operator manages operator keys', 'API keys cannot manage operator API keys; log in as an operator');

export const OPERATOR_API_KEYS_DOCS = {
  create: {
    summary: 'Create an operator API key (scopes admin:read, admin:write, regions:write); the key is in this answer only',
    tags: ['API keys'],
    security: OPERATOR,
    body: { dto: CreateOperatorKeyDto, example: { name: 'terraform', scopes: ['regions:write'], expires_at: '2027-01-01T00:00:00Z' } },
    responses: { 201: { description: 'Created', schema: CREATED, example: { ...OPERATOR_KEY, expires_at: '2027-01-01T00:00:00.000Z', key: 'rgw_op_4kq9J2vXb7WcN1s8Tq0Lm3Zr5Yd6Fh' } }, ...OPERATOR_ERRORS, 400: BAD_KEY, 403: LOGIN_ONLY },
  },
  list: {
    summary: 'List operator API keys (revoked ones included)',
    tags: ['API keys'],
    security: OPERATOR,
    responses: { 200: { description: 'The keys, without the keys themselves', schema: { type: 'array', items: KEY }, example: [OPERATOR_KEY] }, ...OPERATOR_ERRORS, 403: LOGIN_ONLY },
  },
  revoke: {
    summary: 'Revoke an operator API key (refused with 401 from then on)',
    tags: ['API keys'],
    security: OPERATOR,
    params: KEY_PARAM,
    responses: { 204: { description: 'Revoked' }, ...OPERATOR_ERRORS, 403: LOGIN_ONLY, 404: KEY_NOT_FOUND },
  },
} satisfies Record<string, OperationDoc>;

export const CUSTOMER_API_KEYS_DOCS = {
  create: {
    summary: "Create a customer API key for the account's station routes (scopes produce, consume; station patterns); the key is in this answer only",
    tags: ['API keys'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: CreateCustomerKeyDto, example: { name: 'webhook-ingest', scopes: ['produce'], stations: ['orders', 'events-*'] } },
    responses: { 201: { description: 'Created', schema: CREATED, example: { ...CUSTOMER_KEY, key: 'rgw_ck_8hz2Qw4Er6Ty8Ui0Op2As4Df6Gh8Jk' } }, ...OPERATOR_ERRORS, 400: BAD_KEY, 404: ACCOUNT_NOT_FOUND, 409: errorResponse(409, 'The account is suspended: no key is created until it is active', 'Account 1 is suspended; activate it before creating keys') },
  },
  list: {
    summary: "List the account's customer API keys",
    tags: ['API keys'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: { description: 'The keys, without the keys themselves', schema: { type: 'array', items: KEY }, example: [CUSTOMER_KEY] }, ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  revoke: {
    summary: 'Revoke a customer API key (gateways refuse it within seconds)',
    tags: ['API keys'],
    security: OPERATOR,
    params: { ...ACCOUNT_PARAM, ...KEY_PARAM },
    responses: { 204: { description: 'Revoked' }, ...OPERATOR_ERRORS, 404: KEY_NOT_FOUND },
  },
} satisfies Record<string, OperationDoc>;
