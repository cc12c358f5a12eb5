import { createHmac, randomBytes } from 'node:crypto';

/**
 * API keys (docs/security.md "API keys"): `rgw_op_` (operator keys, admin API)
 * or `rgw_ck_` (customer keys, gateways' station routes), then 43 base64url
 * characters (32 random bytes). The fixed prefix lets secret scanners
 * (GitHub's, gitleaks, trufflehog) recognize a leaked key by pattern:
 * `rgw_(op|ck)_[A-Za-z0-9_-]{43}`.
 */
export type ApiKeyKind = 'operator' | 'customer';

export const API_KEY_PREFIXES: Record<ApiKeyKind, string> = { operator: 'rgw_op_', customer: 'rgw_ck_' };

/** The whole key, as a scanner would match it. */
export const API_KEY_PATTERN = /rgw_(?:op|ck)_[A-Za-z0-9_-]{43}/g;

const SECRET_BYTES = 32;
const SECRET_CHARS = 43;
const KEY_FORMAT = /^rgw_(op|ck)_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept in the displayed prefix (48 of its 256 bits; 208 stay secret). */
const SHOWN_SECRET_CHARS = 8;

/**
 * Domain separation, not a secret: the secret has 256 bits of entropy, so no
 * hash speed makes guessing it feasible (a slow password hash protects
 * low-entropy secrets, which these are not), and a fast hash lets every
 * gateway check a key per request from its in-memory mirror.
 */
const HASH_LABEL = 'restgw api key v1';

export function generateApiKey(kind: ApiKeyKind): string {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  if (secret.length !== SECRET_CHARS) throw new Error('unexpected key length');
  return `${API_KEY_PREFIXES[kind]}${secret}`;
}

/** The kind of a string that has an API key's exact shape; null for anything else (a JWT, garbage). */
export function apiKeyKind(candidate: string): ApiKeyKind | null {
  const m = KEY_FORMAT.exec(candidate);
  if (!m) return null;
  return m[1] === 'op' ? 'operator' : 'customer';
}

/** True when the credential claims to be an API key (its prefix), well-formed or not: it is then checked as one, never as a JWT. */
export function looksLikeApiKey(candidate: string): boolean {
  return candidate.startsWith('rgw_op_') || candidate.startsWith('rgw_ck_');
}

/** HMAC-SHA-256 of the whole key (hex): what is stored and published, never the key itself. */
export function hashApiKey(key: string): string {
  return createHmac('sha256', HASH_LABEL).update(key).digest('hex');
}

/** What lists show to recognize a key: its kind prefix and the first 8 characters of the secret. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIXES.operator.length + SHOWN_SECRET_CHARS);
}
