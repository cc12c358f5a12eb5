import { redactUrl } from '../http/redact-url';

/** A compact JWS (every restgw token, access or refresh, is one). */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"',;]+/gi;
/** An API key (libs/shared/tokens api-key-format.ts): its display prefix stays (it is in key lists), the rest goes. */
const API_KEY = /(rgw_(?:op|ck)_[A-Za-z0-9_-]{8})[A-Za-z0-9_-]+/g;
/** `"password":"..."`-like pairs in text that interpolated a body. */
const SECRET_PAIR = /("?(?:password|passwd|secret|token|jwt|jwt_refresh_token|refresh_token|api_?key|connection_token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi;

/**
 * Last line of defence for free text (messages, error texts): tokens, API
 * keys, Bearer credentials, secret-looking pairs and secret query parameters are
 * replaced, whatever the code that logged them meant to print.
 */
export function scrubSecrets(text: string): string {
  return redactUrl(text).replace(JWT, '[REDACTED]').replace(API_KEY, '$1[REDACTED]').replace(BEARER, '$1[REDACTED]').replace(SECRET_PAIR, '$1[REDACTED]');
}

/** Field paths pino removes from structured log objects. */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'jwt',
  'jwt_refresh_token',
  'refresh_token',
  'apiKey',
  'api_key',
  'secret',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.jwt',
  '*.jwt_refresh_token',
  '*.refresh_token',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
];
