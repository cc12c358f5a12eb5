import { randomBytes } from 'node:crypto';
import { API_KEY_PREFIXES, ApiKeyKind, hashApiKey } from '@restgw/tokens';

/**
 * API keys an attacker builds from a real one, or has from before (revoked,
 * expired): each must answer 401 on every route of its kind. `real` is a
 * valid key of that kind; `revoked` and `expired` are real keys in those states.
 */
export function forgeApiKeys(kind: ApiKeyKind, keys: { real: string; revoked: string; expired: string }): Record<string, string> {
  const prefix = API_KEY_PREFIXES[kind];
  const other = API_KEY_PREFIXES[kind === 'operator' ? 'customer' : 'operator'];
  const { real } = keys;
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  return {
    'unknown key of the right shape': `${prefix}${randomBytes(32).toString('base64url')}`,
    'real key, last character changed': `${real.slice(0, -1)}${flip(real.slice(-1))}`,
    'real key, one character short': real.slice(0, -1),
    'real key, one character more': `${real}A`,
    "real key's secret under the other kind's prefix": `${other}${real.slice(prefix.length)}`,
    'the kind prefix alone': prefix,
    "the key's display prefix alone": real.slice(0, prefix.length + 8),
    "the key's stored hash": hashApiKey(real),
    'the prefix in upper case': `${prefix.toUpperCase()}${real.slice(prefix.length)}`,
    'revoked key': keys.revoked,
    'expired key': keys.expired,
  };
}
