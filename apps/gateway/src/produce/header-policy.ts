/**
 * Which request headers become message headers (README "Security"). Every
 * consumer of a station sees every header of its messages, so credentials
 * must never be copied.
 */

/** Hop-by-hop and framing headers: never copied, in any mode. */
export const NEVER_COPIED = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length'];

/**
 * Credential headers dropped by default (names compared case-insensitively).
 * Authorization, Proxy-Authorization and Cookie are never copied, in any mode.
 */
export const ALWAYS_SECRET = ['authorization', 'proxy-authorization', 'cookie'];
export const DEFAULT_DROPPED = [
  ...ALWAYS_SECRET,
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-auth-token',
  'x-access-token',
  'x-refresh-token',
  'x-session-token',
  'x-id-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'x-functions-key',
  'ocp-apim-subscription-key',
  'x-vault-token',
  'private-token',
  'x-gitlab-token',
  'x-amzn-oidc-accesstoken',
  'x-amzn-oidc-data',
  'x-ms-token-aad-access-token',
  'x-ms-token-aad-id-token',
  'x-forwarded-access-token',
  'x-forwarded-authorization',
];

export interface HeaderPolicyOptions {
  /** Names dropped on top of DEFAULT_DROPPED (MESSAGE_HEADERS_DROP). */
  drop?: string[];
  /** Set and non-empty: allow-list mode, only these names are copied (MESSAGE_HEADERS_ALLOW). */
  allow?: string[];
}

export class HeaderPolicy {
  private readonly dropped: Set<string>;
  private readonly allowed: Set<string> | null;

  constructor(opts: HeaderPolicyOptions = {}) {
    const lower = (names: string[]) => names.map((n) => n.trim().toLowerCase()).filter(Boolean);
    this.dropped = new Set([...NEVER_COPIED, ...DEFAULT_DROPPED, ...lower(opts.drop ?? [])]);
    this.allowed = opts.allow?.length ? new Set(lower(opts.allow)) : null;
    // An allow-list may name a default credential header on purpose, but never these.
    if (this.allowed) for (const n of [...NEVER_COPIED, ...ALWAYS_SECRET, ...lower(opts.drop ?? [])]) this.allowed.delete(n);
  }

  /** `lowerName`: the header name lowercased. */
  copies(lowerName: string): boolean {
    return this.allowed ? this.allowed.has(lowerName) : !this.dropped.has(lowerName);
  }
}

export const DEFAULT_HEADER_POLICY = new HeaderPolicy();
