/**
 * Kafka names are derived from the verified account id and validated names,
 * never taken from users (ARCHITECTURE.md tenancy rules).
 */
export const NAME_RULE =
  'names are 1-128 characters of a-z, 0-9, "_", "." and "-", and do not start or end with "_", "." or "-"';

/**
 * Checked on the name as sent, before lowercasing: only ASCII letters may be
 * folded. Lowercasing first let U+212A KELVIN SIGN become "k" (and U+0130
 * become "i̇"), so a look-alike name reached another station or group.
 */
const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,126}[A-Za-z0-9])?$/;

/** Checks and lowercases a station or consumer name; null when invalid. */
export function normalizeName(raw: string): string | null {
  return NAME_RE.test(raw) ? raw.toLowerCase() : null;
}

/** Injective: the account id has no ".", so the first "." after it ends it, and the rest is the station. */
export function topicName(accountId: number, station: string): string {
  return `acct-${accountId}.${station}`;
}

/**
 * The group id of a (station, group) pair, injective over valid names.
 * `acct-<id>.<station>.<group>` alone was not: station "x.y" + group "z" and
 * station "x" + group "y.z" were one Kafka group. So:
 * - neither name has a ".": `acct-<id>.<station>.<group>`, the id every such
 *   group always had (they keep their committed offsets);
 * - otherwise: `acct-<id>.<station>/<group>`. "/" is in no name, so it marks
 *   where the station ends, and its presence tells the two forms apart.
 * Kafka group ids may hold any character (only topic names are restricted).
 */
export function groupName(accountId: number, station: string, group: string): string {
  if (!station.includes('.') && !group.includes('.')) return `acct-${accountId}.${station}.${group}`;
  return `acct-${accountId}.${station}/${group}`;
}

/**
 * Kafka refuses a topic whose name differs from an existing one only by "."
 * versus "_" (they collide in its metric names), so such stations cannot
 * coexist in one account and region: stations with the same key collide.
 */
export function topicCollisionKey(station: string): string {
  return station.replaceAll('.', '_');
}
