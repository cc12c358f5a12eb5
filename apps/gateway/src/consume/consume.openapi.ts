import { OperationDoc, stationErrorResponse } from '@restgw/platform';
import { STATION_COMMON_ERRORS, STATION_PARAM, STATION_SECURITY } from '../stations/station-routes.openapi';

const MESSAGE = {
  type: 'object',
  required: ['message', 'headers'],
  properties: {
    message: { type: 'string', description: 'The payload as UTF-8 text, or base64 when encoding is present' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Canonical header names (Content-Type), first value of a repeated header' },
    encoding: { const: 'base64', description: 'Present when the payload is not valid UTF-8' },
  },
  additionalProperties: false,
};

const NAMES = {
  consumer_name: { type: 'string', description: 'Required; station name rules' },
  consumer_group: { type: 'string', description: 'Default: one shared group per station' },
};

export const CONSUME_DOCS = {
  batch: {
    summary: 'Consume a batch of messages (long poll)',
    description:
      'Answers as soon as batch_size messages are ready or when the wait ends ([] when nothing arrived). A batch is committed when its consumer asks again or acknowledges it (consume/ack). ' +
      'Non-empty answers carry x-restgw-batch-id. Memphis-compatible; binary payloads come base64-encoded.',
    tags: ['Stations'],
    security: STATION_SECURITY,
    params: STATION_PARAM,
    body: {
      schema: {
        type: 'object',
        required: ['consumer_name'],
        properties: {
          ...NAMES,
          batch_size: { type: 'integer', minimum: 0, maximum: 5000, description: 'Default 10; 0 means the default' },
          batch_max_wait_time_ms: { type: 'integer', description: 'Default 5000; 0 means the default; at least 100; capped by CONSUME_MAX_WAIT_MS' },
          account_id: { type: 'integer', description: 'Must be the token\'s account when present (0 names none)' },
        },
      },
      example: { consumer_name: 'worker-1', consumer_group: 'billing', batch_size: 10, batch_max_wait_time_ms: 2000 },
    },
    responses: {
      200: {
        description: 'The messages (possibly none)',
        schema: { type: 'array', items: MESSAGE },
        example: [{ message: '{"order_id":42}', headers: { 'Content-Type': 'application/json', Traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } }],
        headers: { 'x-restgw-batch-id': { description: 'Identifies the batch for consume/ack (non-empty answers)', schema: { type: 'string' } } },
      },
      400: stationErrorResponse(400, 'Missing consumer name, bad batch size or wait, malformed body', 'Consumer name is required'),
      ...STATION_COMMON_ERRORS,
      413: stationErrorResponse(413, 'Body over the body limit', 'Request body is larger than the configured limit'),
    },
  },
  ack: {
    summary: 'Acknowledge a consumed batch without asking for more (restgw only)',
    tags: ['Stations'],
    security: STATION_SECURITY,
    params: STATION_PARAM,
    body: {
      schema: { type: 'object', required: ['consumer_name'], properties: { ...NAMES, batch_id: { type: 'string', description: 'x-restgw-batch-id of the answer; absent: every batch the consumer holds' } } },
      example: { consumer_name: 'worker-1', consumer_group: 'billing', batch_id: 'b-7f3a9c' },
    },
    responses: {
      200: {
        description: 'Committed as far as the contiguous acknowledged prefix allows',
        schema: { type: 'object', required: ['error', 'success', 'acknowledged'], properties: { error: { type: 'null' }, success: { const: true }, acknowledged: { type: 'integer' } }, additionalProperties: false },
        example: { error: null, success: true, acknowledged: 1 },
      },
      400: stationErrorResponse(400, 'Missing consumer name or malformed batch id', 'Consumer name is required'),
      ...STATION_COMMON_ERRORS,
      409: stationErrorResponse(409, 'No such batch in flight (acknowledged already, or redelivered after its visibility timeout)', 'No batch of this consumer is in flight: it was acknowledged already, or its visibility timeout lapsed and it is delivered again'),
      413: stationErrorResponse(413, 'Body over the body limit', 'Request body is larger than the configured limit'),
    },
  },
} satisfies Record<string, OperationDoc>;
