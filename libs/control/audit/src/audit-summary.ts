/** Field names whose values never reach the audit log (passwords, secrets, tokens, keys). */
const SECRET = /pass(word)?|secret|token|private|api[-_]?key|credential/i;

export const REDACTED = '[redacted]';

/**
 * A copy of what was asked for with every secret-looking field replaced by
 * "[redacted]", at any depth: the entry still shows that a password was set,
 * never which.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET.test(k) ? REDACTED : redactSecrets(v)]));
}
