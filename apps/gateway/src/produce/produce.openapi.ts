import { OperationDoc, STATION_ERROR_BODY, stationErrorResponse } from '@restgw/platform';
import { STATION_COMMON_ERRORS, STATION_PARAM, STATION_SECURITY } from '../stations/station-routes.openapi';

const OK = { type: 'object', required: ['error', 'success'], properties: { error: { type: 'null' }, success: { const: true } }, additionalProperties: false };
const BATCH_PARTIAL = {
  type: 'object',
  required: ['errors', 'fail', 'sent', 'success'],
  properties: { errors: { type: 'array', items: { type: 'string' } }, fail: { type: 'integer' }, sent: { type: 'integer' }, success: { const: false } },
  additionalProperties: false,
};

export const PRODUCE_DOCS = {
  single: {
    summary: 'Produce one message (the body bytes, unchanged)',
    description:
      'Content-Type: any media type containing text or application/json (as Memphis), application/x-protobuf or application/octet-stream. ' +
      'Request headers become message headers, except hop-by-hop and credential headers. 200 only after the log acknowledged the record. Memphis-compatible.',
    tags: ['Stations'],
    security: STATION_SECURITY,
    params: STATION_PARAM,
    body: { contentTypes: ['application/json', 'text/plain', 'application/x-protobuf', 'application/octet-stream'], schema: {}, example: { order_id: 42, amount: 9.5 } },
    responses: {
      200: { description: 'Stored on all in-sync replicas', schema: OK, example: { error: null, success: true } },
      400: stationErrorResponse(400, 'Invalid station name, reserved header, or schema validation failed', 'Schema validation has failed: /amount must be number'),
      ...STATION_COMMON_ERRORS,
      413: stationErrorResponse(413, 'The message exceeds the station\'s size limit, or the body limit', 'The message is larger than 1000000 bytes'),
      415: stationErrorResponse(415, 'A content type it does not take (Memphis: 500)', 'Unsupported Content-Type; use a text or application/json media type, application/x-protobuf or application/octet-stream'),
    },
  },
  batch: {
    summary: 'Produce a JSON array of messages, one per element',
    description:
      'Each element is stored as its compact JSON text (key order and big integers kept). Some invalid elements: the valid ones are stored and the answer is 400 listing the others (differs from Memphis, which stops at the first).',
    tags: ['Stations'],
    security: STATION_SECURITY,
    params: STATION_PARAM,
    body: { schema: { type: 'array' }, example: [{ n: 1 }, { n: 2 }] },
    responses: {
      200: { description: 'Every element stored', schema: OK, example: { error: null, success: true } },
      400: {
        description: 'Not a JSON array, invalid station name (error body); or some elements invalid, the others stored (per-element answer)',
        schema: { oneOf: [BATCH_PARTIAL, STATION_ERROR_BODY] },
        example: { errors: ['1: Schema validation has failed: /n must be integer'], fail: 1, sent: 2, success: false },
      },
      ...STATION_COMMON_ERRORS,
      413: stationErrorResponse(413, 'More than BATCH_MAX_MESSAGES elements, or the body limit', 'A batch holds at most 5000 messages'),
      415: stationErrorResponse(415, 'Not application/json', 'Unsupported Content-Type; use application/json'),
    },
  },
} satisfies Record<string, OperationDoc>;
