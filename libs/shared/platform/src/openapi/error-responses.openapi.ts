import type { ResponseDoc } from './api-doc';

/** `{"message": ...}`: every error outside the station routes, and 401 everywhere. */
export const ERROR_BODY = {
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string' } },
  additionalProperties: false,
} as const;

/** `{"error": ..., "success": false}`: the station routes' errors other than 401 (Memphis's shape). */
export const STATION_ERROR_BODY = {
  type: 'object',
  required: ['error', 'success'],
  properties: { error: { type: 'string' }, success: { const: false } },
  additionalProperties: false,
} as const;

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };

/** An error answer in the `{"message"}` shape. */
export function errorResponse(status: number, description: string, message: string): ResponseDoc {
  return { description, schema: ERROR_BODY, example: { message }, ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}) };
}

/** An error answer of a station route (`{"error", "success": false}`). */
export function stationErrorResponse(status: number, description: string, error: string): ResponseDoc {
  return { description, schema: STATION_ERROR_BODY, example: { error, success: false }, ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}) };
}

/** The answers most routes share. */
export const COMMON_ERRORS = {
  unauthorized: errorResponse(401, 'No valid credential', 'Unauthorized'),
  unavailable: errorResponse(503, 'A dependency (database, state store) is unavailable, or the app is shutting down', 'A service this request needs is unavailable; retry later'),
};
