/**
 * Kafka names are derived from the verified account id and validated names,
 * never taken from users (ARCHITECTURE.md tenancy rules).
 */
export const NAME_RULE =
  'names are 1-128 characters of a-z, 0-9, "_", "." and "-", and do not start or end with "_", "." or "-"';

const NAME_RE = /^[a-z0-9](?:[a-z0-9_.-]{0,126}[a-z0-9])?$/;

/** Lowercases and checks a station or consumer name; null when invalid. */
export function normalizeName(raw: string): string | null {
  const name = raw.toLowerCase();
  return NAME_RE.test(name) ? name : null;
}

export function topicName(accountId: number, station: string): string {
  return `acct-${accountId}.${station}`;
}

export function groupName(accountId: number, station: string, group: string): string {
  return `acct-${accountId}.${station}.${group}`;
}
