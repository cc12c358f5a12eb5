import { errorResponse, OperationDoc } from '@restgw/platform';
import { ACCOUNT_NOT_FOUND, ACCOUNT_PARAM, OPERATOR, OPERATOR_ERRORS } from '../admin/operator-routes.openapi';
import { AccountLimitsDto, RateLimitsDto, UsageQueryDto } from './limits.dto';

const RATE_NAMES = ['produce_messages_per_second', 'produce_bytes_per_second', 'consume_messages_per_second', 'requests_per_second', 'concurrent_consumes'];
const RATES = { type: 'object', properties: Object.fromEntries(RATE_NAMES.map((n) => [n, { type: ['integer', 'null'] }])), additionalProperties: false };
const USED = { type: ['object', 'null'], required: ['quota', 'used', 'percent'], properties: { quota: { type: 'integer' }, used: { type: 'integer' }, percent: { type: ['number', 'null'] } } };
const QUOTA_STATUS = {
  type: 'object',
  required: ['account_id', 'month', 'state', 'warning_percent', 'monthly_messages', 'monthly_bytes'],
  properties: { account_id: { type: 'integer' }, month: { type: 'string' }, state: { type: 'string' }, warning_percent: { type: 'integer' }, monthly_messages: USED, monthly_bytes: USED },
  additionalProperties: false,
};
const QUOTA_EXAMPLE = { account_id: 1, month: '2026-12', state: 'ok', warning_percent: 80, monthly_messages: { quota: 100000, used: 1234, percent: 1.2 }, monthly_bytes: null };

const LIMITS = {
  type: 'object',
  required: ['account_id', 'version', 'limits', 'quotas', 'stations', 'quota_status'],
  properties: {
    account_id: { type: 'integer' },
    version: { type: 'integer' },
    limits: { ...RATES, required: RATE_NAMES },
    quotas: {
      type: 'object',
      required: ['monthly_messages', 'monthly_bytes', 'warning_percent'],
      properties: { monthly_messages: { type: ['integer', 'null'] }, monthly_bytes: { type: ['integer', 'null'] }, warning_percent: { type: 'integer' } },
      additionalProperties: false,
    },
    stations: { type: 'object', additionalProperties: RATES, description: 'Per-station overrides by station name' },
    quota_status: { oneOf: [QUOTA_STATUS, { type: 'null' }] },
  },
  additionalProperties: false,
};
const LIMITS_EXAMPLE = {
  account_id: 1,
  version: 2,
  limits: { produce_messages_per_second: 100, produce_bytes_per_second: null, consume_messages_per_second: null, requests_per_second: null, concurrent_consumes: null },
  quotas: { monthly_messages: 100000, monthly_bytes: null, warning_percent: 80 },
  stations: { orders: { produce_messages_per_second: 10 } },
  quota_status: QUOTA_EXAMPLE,
};
const limitsAnswer = (description: string) => ({ description, schema: LIMITS, example: LIMITS_EXAMPLE });
const STATION_LIMIT_PARAMS = { ...ACCOUNT_PARAM, station: { description: 'Station name (the override applies in every region)', example: 'orders' } };

const COUNTER_NAMES = ['produced_messages', 'produced_bytes', 'consumed_messages', 'consumed_bytes', 'requests_2xx', 'requests_4xx', 'requests_429', 'requests_5xx'];
const COUNTERS = { type: 'object', required: COUNTER_NAMES, properties: Object.fromEntries(COUNTER_NAMES.map((n) => [n, { type: 'integer' }])), additionalProperties: false };
const COUNTERS_EXAMPLE = { produced_messages: 120, produced_bytes: 4800, consumed_messages: 118, consumed_bytes: 4720, requests_2xx: 60, requests_4xx: 1, requests_429: 0, requests_5xx: 0 };

export const LIMITS_DOCS = {
  get: {
    summary: "Read the account's rate limits, monthly quotas, station overrides and quota status",
    tags: ['Limits and usage'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    responses: { 200: limitsAnswer('The limits'), ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  update: {
    summary: 'Change limits and quotas (absent fields stay, null clears)',
    tags: ['Limits and usage'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    body: { dto: AccountLimitsDto, example: { produce_messages_per_second: 100, monthly_messages_quota: 100000 } },
    responses: { 200: limitsAnswer('The new limits'), ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  setStation: {
    summary: 'Set per-station rate limits (override the account\'s)',
    tags: ['Limits and usage'],
    security: OPERATOR,
    params: STATION_LIMIT_PARAMS,
    body: { dto: RateLimitsDto, example: { produce_messages_per_second: 10 } },
    responses: { 200: limitsAnswer('The new limits'), ...OPERATOR_ERRORS, 404: ACCOUNT_NOT_FOUND },
  },
  clearStation: {
    summary: "Remove a station's own limits",
    tags: ['Limits and usage'],
    security: OPERATOR,
    params: STATION_LIMIT_PARAMS,
    responses: { 200: limitsAnswer('The limits left'), ...OPERATOR_ERRORS, 404: errorResponse(404, 'No such account, or the station has no limits of its own', 'Station orders of account 1 has no limits of its own') },
  },
  read: {
    summary: "Read the account's usage by time bucket, region and station",
    tags: ['Limits and usage'],
    security: OPERATOR,
    params: ACCOUNT_PARAM,
    query: { dto: UsageQueryDto },
    responses: {
      200: {
        description: 'Rows, totals, per-station and per-region sums, quota status',
        schema: {
          type: 'object',
          required: ['account_id', 'granularity', 'from', 'to', 'rows', 'totals', 'stations', 'regions', 'quota'],
          properties: {
            account_id: { type: 'integer' },
            granularity: { enum: ['minute', 'hour', 'day'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            rows: {
              type: 'array',
              items: { ...COUNTERS, required: [...COUNTER_NAMES, 'time', 'region_id', 'station'], properties: { ...COUNTERS.properties, time: { type: 'string', format: 'date-time' }, region_id: { type: 'string' }, station: { type: 'string' } } },
            },
            totals: COUNTERS,
            stations: { type: 'object', additionalProperties: COUNTERS },
            regions: { type: 'object', additionalProperties: COUNTERS },
            quota: { oneOf: [QUOTA_STATUS, { type: 'null' }] },
          },
          additionalProperties: false,
        },
        example: {
          account_id: 1,
          granularity: 'hour',
          from: '2026-12-01T12:00:00.000Z',
          to: '2026-12-02T12:19:10.593Z',
          rows: [{ time: '2026-12-02T12:00:00.000Z', region_id: 'aws-eu-central-1', station: 'orders', ...COUNTERS_EXAMPLE }],
          totals: COUNTERS_EXAMPLE,
          stations: { orders: COUNTERS_EXAMPLE },
          regions: { 'aws-eu-central-1': COUNTERS_EXAMPLE },
          quota: QUOTA_EXAMPLE,
        },
      },
      ...OPERATOR_ERRORS,
      400: errorResponse(400, 'Bad granularity or time range, or too many rows', 'from must be before to'),
      404: ACCOUNT_NOT_FOUND,
    },
  },
  watchList: {
    summary: 'Accounts past their quota warning threshold this month',
    tags: ['Limits and usage'],
    security: OPERATOR,
    responses: { 200: { description: 'Their quota status', schema: { type: 'array', items: QUOTA_STATUS }, example: [{ ...QUOTA_EXAMPLE, state: 'warning', monthly_messages: { quota: 100000, used: 85000, percent: 85 } }] }, ...OPERATOR_ERRORS },
  },
} satisfies Record<string, OperationDoc>;
