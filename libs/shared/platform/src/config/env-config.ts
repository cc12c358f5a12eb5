import { isIP } from 'node:net';

/**
 * Config validated at boot: every variable is declared once with its type and
 * default, and a missing or malformed one fails startup naming the variable.
 */
export type EnvSource = Record<string, string | undefined>;

interface Spec<T> {
  parse(raw: string | undefined, name: string): T;
}

class ConfigError extends Error {}

function required<T>(name: string, raw: string | undefined, def: T | undefined, parse: (s: string) => T): T {
  if (raw === undefined || raw === '') {
    if (def === undefined) throw new ConfigError(`${name} is required`);
    return def;
  }
  return parse(raw);
}

export const env = {
  str(opts: { default?: string } = {}): Spec<string> {
    return { parse: (raw, name) => required(name, raw, opts.default, (s) => s) };
  },
  optionalStr(): Spec<string | undefined> {
    return { parse: (raw) => (raw === undefined || raw === '' ? undefined : raw) };
  },
  /** An http(s) URL without path, query or fragment (a service's base URL); undefined when unset. */
  optionalBaseUrl(): Spec<string | undefined> {
    return {
      parse: (raw, name) => {
        if (raw === undefined || raw === '') return undefined;
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
        }
        if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
          throw new ConfigError(`${name} must be an http(s) base URL without path, query or credentials, got "${raw}"`);
        }
        return url.origin;
      },
    };
  },
  int(opts: { default?: number; min?: number; max?: number } = {}): Spec<number> {
    return {
      parse: (raw, name) =>
        required(name, raw, opts.default, (s) => {
          const n = Number(s);
          if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${s}"`);
          if (opts.min !== undefined && n < opts.min) throw new ConfigError(`${name} must be >= ${opts.min}, got ${n}`);
          if (opts.max !== undefined && n > opts.max) throw new ConfigError(`${name} must be <= ${opts.max}, got ${n}`);
          return n;
        }),
    };
  },
  /** An integer, or undefined when unset. */
  optionalInt(opts: { min?: number; max?: number } = {}): Spec<number | undefined> {
    const inner = env.int(opts);
    return { parse: (raw, name) => (raw === undefined || raw === '' ? undefined : inner.parse(raw, name)) };
  },
  bool(opts: { default?: boolean } = {}): Spec<boolean> {
    return {
      parse: (raw, name) =>
        required(name, raw, opts.default, (s) => {
          if (['1', 'true', 'yes'].includes(s.toLowerCase())) return true;
          if (['0', 'false', 'no'].includes(s.toLowerCase())) return false;
          throw new ConfigError(`${name} must be true or false, got "${s}"`);
        }),
    };
  },
  list(opts: { default?: string[] } = {}): Spec<string[]> {
    return {
      parse: (raw, name) =>
        required(name, raw, opts.default, (s) =>
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
    };
  },
  /**
   * Proxy addresses for TRUST_PROXY: IPs, CIDR ranges (`10.0.0.0/8`) or
   * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`; unset: none.
   */
  addressList(): Spec<string[]> {
    return {
      parse: (raw, name) => {
        const items = (raw ?? '').split(',').map((x) => x.trim()).filter(Boolean);
        for (const item of items) {
          if (!isProxyAddress(item)) throw new ConfigError(`${name} must list IP addresses, CIDR ranges or loopback/linklocal/uniquelocal, got "${item}"`);
        }
        return items;
      },
    };
  },
  oneOf<T extends string>(values: readonly T[], opts: { default?: T } = {}): Spec<T> {
    return {
      parse: (raw, name) =>
        required(name, raw, opts.default, (s) => {
          if (!values.includes(s as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${s}"`);
          return s as T;
        }),
    };
  },
};

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.has(item)) return true;
  const [address, bits, extra] = item.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export type ConfigShape<S> = { [K in keyof S]: S[K] extends Spec<infer T> ? T : never };

/** Parses every declared variable; reports all problems at once. */
export function loadConfig<S extends Record<string, Spec<unknown>>>(specs: S, source: EnvSource = process.env): ConfigShape<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    try {
      out[name] = spec.parse(source[name], name);
    } catch (e) {
      if (e instanceof ConfigError) problems.push(e.message);
      else throw e;
    }
  }
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return out as ConfigShape<S>;
}
