/**
 * Scopes of API keys and the station-name patterns of customer keys
 * (docs/operations.md "API keys"). Pure rules, used by the control plane
 * when keys are created and checked, and by gateways on every request.
 */

/** Operator keys: `admin:read` every GET of /admin, `admin:write` every change there, `regions:write` only /admin/regions (read and write: what Terraform needs). */
export const OPERATOR_KEY_SCOPES = ['admin:read', 'admin:write', 'regions:write'] as const;
export type OperatorKeyScope = (typeof OPERATOR_KEY_SCOPES)[number];

/** Customer keys: produce/single and produce/batch; consume/batch and consume/ack. */
export const CUSTOMER_KEY_SCOPES = ['produce', 'consume'] as const;
export type CustomerKeyScope = (typeof CUSTOMER_KEY_SCOPES)[number];

/** A customer key names at most this many patterns. */
export const MAX_STATION_PATTERNS = 32;
/** Station-name characters plus `*` (any run of characters) and `?` (one character); lowercase, like stored station names. */
const PATTERN = /^[a-z0-9_.\-*?]{1,128}$/;

/** Null when the pattern is valid, else why not. */
export function stationPatternProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string' || !PATTERN.test(pattern)) {
    return 'station patterns are 1-128 characters of a-z 0-9 _ . - plus * (any characters) and ? (one character)';
  }
  return null;
}

const compiled = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    // Patterns come from a bounded set of keys; the cap only guards against unbounded growth.
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** True when the (normalized, lowercase) station name matches one of the patterns. */
export function stationAllowed(patterns: readonly string[], station: string): boolean {
  return patterns.some((p) => toRegExp(p).test(station));
}
