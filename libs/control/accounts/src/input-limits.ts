/**
 * The documented maximum of every string and number the control plane takes
 * (docs: security). Over them: 400 naming the field, before any database or
 * password-hash work (a 4,000-character username overflowed an index key; a
 * 64-bit account id overflowed PostgreSQL's int4).
 */
export const INPUT_LIMITS = {
  /** Ids and counters stored as PostgreSQL int4. */
  maxInt4: 2_147_483_647,
  username: 128,
  /** Long enough for any passphrase; bounds the argon2 input. */
  password: 1024,
  /** RFC 5321's path limit. */
  email: 254,
  accountName: 200,
  /** Ours are 46 characters (`rt_` + 43). */
  refreshToken: 512,
  regionId: 64,
  regionUrl: 2048,
  /** A schema definition (JSON Schema or .proto text). */
  schemaDefinition: 256 * 1024,
  /** A Protobuf message type name such as `shop.v1.Order`. */
  messageType: 512,
  /** An API key's name (a label for people). */
  apiKeyName: 200,
} as const;

/** A positive int4 (account and user ids), from a number; null otherwise. */
export function int4Id(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= INPUT_LIMITS.maxInt4 ? v : null;
}

/** A positive int4 from its decimal spelling (path and query parameters); null otherwise. */
export function int4IdFromText(s: unknown): number | null {
  if (typeof s !== 'string' || !/^[0-9]{1,10}$/.test(s)) return null;
  return int4Id(Number(s));
}
