import { readFileSync } from 'node:fs';
import { AccountAdmin, ApiKeys, Operators } from '@restgw/accounts';
import { badRequest } from '@restgw/platform';
import { auditTarget } from '@restgw/audit';
import { StationAdmin } from '@restgw/control-stations';
import { dimensionName, RATE_DIMENSIONS, RateLimits } from '@restgw/contracts';
import { LimitsAdmin, UsageQuery } from '@restgw/usage';

export interface CliServices {
  admin: AccountAdmin;
  operators: Operators;
  stations: StationAdmin;
  limits: LimitsAdmin;
  usage: UsageQuery;
  apiKeys: ApiKeys;
  /** Who runs the CLI (cli:<OS user>): the created_by of keys made here, like the audit actor. */
  actor: string;
}

type Flags = Record<string, string | boolean | undefined>;

export interface Command {
  usage: string;
  run(s: CliServices, f: Flags): Promise<unknown>;
  /** Mutating commands: what the audit entry names (action: the command's name with a dot, as the API's). */
  audit?: (f: Flags, result: unknown) => { target: string; accountId?: number } | undefined;
}

function str(f: Flags, name: string): string {
  const v = f[name];
  if (typeof v !== 'string' || v === '') throw badRequest(`--${name} is required`);
  return v;
}

function int(f: Flags, name: string): number {
  const v = Number(str(f, name));
  if (!Number.isSafeInteger(v) || v <= 0) throw badRequest(`--${name} must be a positive integer`);
  return v;
}

const optInt = (f: Flags, name: string) => (f[name] === undefined ? undefined : int(f, name));

/** Retention: an integer (-1 = unlimited) or "default" (the broker's default). */
function optRetention(f: Flags, name: string): number | null | undefined {
  if (f[name] === undefined) return undefined;
  const raw = str(f, name);
  if (raw === 'default') return null;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < -1) throw badRequest(`--${name} must be an integer >= -1, or "default"`);
  return v;
}

function bool(f: Flags, name: string): boolean {
  const v = str(f, name);
  if (v !== 'true' && v !== 'false') throw badRequest(`--${name} must be true or false`);
  return v === 'true';
}

function nonNegative(f: Flags, name: string): number {
  const v = Number(str(f, name));
  if (!Number.isSafeInteger(v) || v < 0) throw badRequest(`--${name} must be an integer >= 0`);
  return v;
}

/** A schema definition from --definition-file <path> or --definition <text>. */
function definition(f: Flags): string {
  if (typeof f['definition-file'] === 'string') return readFileSync(f['definition-file'], 'utf8');
  return str(f, 'definition');
}

/** A limit: a positive integer, or "none" (null: no value at this level). */
function optLimit(f: Flags, name: string): number | null | undefined {
  if (f[name] === undefined) return undefined;
  const raw = str(f, name);
  if (raw === 'none') return null;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v <= 0) throw badRequest(`--${name} must be a positive integer, or "none"`);
  return v;
}

const rateFlag = (d: (typeof RATE_DIMENSIONS)[number]) => dimensionName(d).replace(/_/g, '-');
const rateFlags = (f: Flags): RateLimits => {
  const out: RateLimits = {};
  for (const d of RATE_DIMENSIONS) {
    const v = optLimit(f, rateFlag(d));
    if (v !== undefined) out[d] = v;
  }
  return out;
};
const ratesUsage = RATE_DIMENSIONS.map((d) => `[--${rateFlag(d)} <n|none>]`).join(' ');
const QUOTA_FLAGS = ['monthly-messages', 'monthly-bytes', 'quota-warning-percent'];
const optStr = (f: Flags, name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);

const stationRef = '--account <id> --region <region id> --name <station>';
const at = (f: Flags) => [int(f, 'account'), str(f, 'region'), str(f, 'name')] as const;
const settings = (f: Flags) => ({
  partitions: optInt(f, 'partitions'),
  retentionMs: optRetention(f, 'retention-ms'),
  retentionBytes: optRetention(f, 'retention-bytes'),
  maxMessageBytes: optInt(f, 'max-message-bytes'),
});
const settingsUsage = '[--partitions <n>] [--retention-ms <ms|-1|default>] [--retention-bytes <bytes|-1|default>] [--max-message-bytes <bytes>]';

const onAccount = (f: Flags) => ({ target: auditTarget({ accountId: int(f, 'account') }), accountId: int(f, 'account') });
const onStation = (f: Flags) => ({ target: auditTarget({ accountId: int(f, 'account'), station: { regionId: str(f, 'region'), name: str(f, 'name') } }), accountId: int(f, 'account') });
const onUser = (f: Flags) => ({ target: auditTarget({ accountId: int(f, 'account'), username: str(f, 'username') }), accountId: int(f, 'account') });
/** Limits are per account, and per station name in every region. */
const onLimits = (f: Flags) => ({ target: `${auditTarget({ accountId: int(f, 'account') })}/limits`, accountId: int(f, 'account') });
const onStationLimits = (f: Flags) => ({ target: `${onLimits(f).target}/station/${str(f, 'name')}`, accountId: int(f, 'account') });
const onRegion = (f: Flags) => ({ target: auditTarget({ accountId: int(f, 'account'), regionId: str(f, 'region') }), accountId: int(f, 'account') });
const created = (result: unknown) => (result as { id: number | string }).id;

/** Every command maps onto the same use case the admin API calls. */
export const COMMANDS: Record<string, Command> = {
  'operator create': { audit: (f) => ({ target: auditTarget({ operator: str(f, 'email') }) }), usage: '--email <email> --password <password>', run: (s, f) => s.operators.create(str(f, 'email'), str(f, 'password')) },
  'region register': { audit: (f) => ({ target: auditTarget({ regionId: str(f, 'id') }) }),
    usage: '--id <cloud-region> --url <public url> [--status active|draining|disabled]',
    run: (s, f) => s.admin.registerRegion({ id: str(f, 'id'), url: str(f, 'url'), status: f.status as 'active' | undefined }),
  },
  'region list': { usage: '', run: (s) => s.admin.listRegions() },
  'account create': { audit: (_f, r) => ({ target: auditTarget({ accountId: created(r) }), accountId: Number(created(r)) }),
    usage: '--name <name> [--max-token-minutes N] [--max-refresh-minutes N]',
    run: (s, f) => s.admin.createAccount({ name: str(f, 'name'), maxTokenMinutes: optInt(f, 'max-token-minutes'), maxRefreshMinutes: optInt(f, 'max-refresh-minutes') }),
  },
  'account list': { usage: '', run: (s) => s.admin.listAccounts() },
  'account show': { usage: '--account <id>', run: (s, f) => s.admin.getAccount(int(f, 'account')) },
  'account suspend': { audit: onAccount, usage: '--account <id>', run: (s, f) => s.admin.setAccountStatus(int(f, 'account'), 'suspended') },
  'account activate': { audit: onAccount, usage: '--account <id>', run: (s, f) => s.admin.setAccountStatus(int(f, 'account'), 'active') },
  'account enable-region': { audit: onRegion,
    usage: '--account <id> --region <region id>',
    run: async (s, f) => {
      const account = await s.admin.setRegionEnabled(int(f, 'account'), str(f, 'region'), true);
      await s.stations.publishPolicy(account.id, str(f, 'region'), true);
      await s.limits.publishAccount(account.id);
      return account;
    },
  },
  'account disable-region': { audit: onRegion,
    usage: '--account <id> --region <region id>',
    run: async (s, f) => {
      const account = await s.admin.setRegionEnabled(int(f, 'account'), str(f, 'region'), false);
      await s.stations.publishPolicy(account.id, str(f, 'region'), false);
      return account;
    },
  },
  'account station-policy': {
    // Without --auto-create/--quota it only shows the policy: nothing to record.
    audit: (f) => (f['auto-create'] === undefined && f.quota === undefined ? undefined : onAccount(f)),
    usage: '--account <id> [--auto-create <true|false> --quota <n>]  (without them: shows the policy)',
    run: (s, f) =>
      f['auto-create'] === undefined && f.quota === undefined
        ? s.stations.getStationPolicy(int(f, 'account'))
        : s.stations.setStationPolicy(int(f, 'account'), { autoCreate: bool(f, 'auto-create'), stationQuota: nonNegative(f, 'quota') }),
  },
  'account limits': {
    // Without flags it only shows the limits: nothing to record.
    audit: (f) => (Object.keys(rateFlags(f)).length || QUOTA_FLAGS.some((q) => f[q] !== undefined) ? onLimits(f) : undefined),
    usage: `--account <id> ${ratesUsage} [--monthly-messages <n|none>] [--monthly-bytes <n|none>] [--quota-warning-percent <1-100>]  (without them: shows the limits, overrides and quota status)`,
    run: (s, f) => {
      const accountId = int(f, 'account');
      const rates = rateFlags(f);
      if (!Object.keys(rates).length && !QUOTA_FLAGS.some((q) => f[q] !== undefined)) return s.limits.getLimits(accountId);
      return s.limits.updateLimits(accountId, {
        ...rates,
        monthlyMessagesQuota: optLimit(f, 'monthly-messages'),
        monthlyBytesQuota: optLimit(f, 'monthly-bytes'),
        quotaWarningPercent: optInt(f, 'quota-warning-percent'),
      });
    },
  },
  'account usage': {
    usage: '--account <id> [--granularity <minute|hour|day>] [--from <ISO time|epoch ms>] [--to <ISO time|epoch ms>] [--station <name>] [--region <region id>]',
    run: (s, f) =>
      s.usage.usage({ accountId: int(f, 'account'), granularity: optStr(f, 'granularity'), from: optStr(f, 'from'), to: optStr(f, 'to'), station: optStr(f, 'station'), region: optStr(f, 'region') }),
  },
  'account quota-watch': { usage: '  (accounts past their quota warning threshold this month)', run: (s) => s.limits.quotaWatchList() },
  'station limits': {
    audit: onStationLimits,
    usage: `--account <id> --name <station> ${ratesUsage}  (replaces the station's own limits; a dimension left out is the account's)`,
    run: (s, f) => s.limits.setStationLimits(int(f, 'account'), str(f, 'name'), rateFlags(f)),
  },
  'station clear-limits': { audit: onStationLimits, usage: '--account <id> --name <station>', run: (s, f) => s.limits.clearStationLimits(int(f, 'account'), str(f, 'name')) },
  'station create': { audit: onStation,
    usage: `${stationRef} ${settingsUsage} [--schema <schema id>]`,
    run: (s, f) => {
      const [accountId, regionId, name] = at(f);
      return s.stations.createStation({ accountId, regionId, name, ...settings(f), schemaId: typeof f.schema === 'string' ? f.schema : undefined });
    },
  },
  'station list': { usage: '--account <id>', run: (s, f) => s.stations.listStations(int(f, 'account')) },
  'station show': { usage: stationRef, run: (s, f) => s.stations.getStation(...at(f)) },
  'station update': { audit: onStation, usage: `${stationRef} ${settingsUsage}`, run: (s, f) => s.stations.updateStation(...at(f), settings(f)) },
  'station delete': { audit: onStation, usage: stationRef, run: (s, f) => s.stations.deleteStation(...at(f)) },
  'station attach-schema': { audit: onStation, usage: `${stationRef} --schema <schema id>`, run: (s, f) => s.stations.attachSchema(...at(f), str(f, 'schema')) },
  'station detach-schema': { audit: onStation, usage: stationRef, run: (s, f) => s.stations.detachSchema(...at(f)) },
  'schema create': { audit: (f, r) => ({ target: auditTarget({ accountId: int(f, 'account'), schemaId: String(created(r)) }), accountId: int(f, 'account') }),
    usage: '--account <id> --name <name> --type <json|protobuf> (--definition-file <path> | --definition <text>) [--message-type <pkg.Message>]',
    run: (s, f) =>
      s.stations.createSchema({
        accountId: int(f, 'account'),
        name: str(f, 'name'),
        type: str(f, 'type') as 'json',
        definition: definition(f),
        messageType: typeof f['message-type'] === 'string' ? f['message-type'] : undefined,
      }),
  },
  'schema add-version': { audit: (f) => ({ target: auditTarget({ accountId: int(f, 'account'), schemaId: str(f, 'schema') }), accountId: int(f, 'account') }),
    usage: '--account <id> --schema <schema id> (--definition-file <path> | --definition <text>) [--message-type <pkg.Message>]',
    run: (s, f) =>
      s.stations.addSchemaVersion(int(f, 'account'), str(f, 'schema'), {
        definition: definition(f),
        messageType: typeof f['message-type'] === 'string' ? f['message-type'] : undefined,
      }),
  },
  'schema list': { usage: '--account <id>', run: (s, f) => s.stations.listSchemas(int(f, 'account')) },
  'schema show': { usage: '--account <id> --schema <schema id>', run: (s, f) => s.stations.getSchema(int(f, 'account'), str(f, 'schema')) },
  'api-key create': { audit: (_f, r) => ({ target: auditTarget({ apiKeyId: String(created(r)) }) }),
    usage: '--name <name> --scopes <admin:read,admin:write,regions:write> [--expires-at <ISO time>]   (prints the key once)',
    run: (s, f) => s.apiKeys.createOperatorKey({ name: str(f, 'name'), scopes: str(f, 'scopes'), expiresAt: optStr(f, 'expires-at') }, s.actor),
  },
  'api-key list': { usage: '  (operator keys: prefix, name, scopes, created, last used, revoked; never the key)', run: (s) => s.apiKeys.list('operator') },
  'api-key revoke': { audit: (f) => ({ target: auditTarget({ apiKeyId: str(f, 'id') }) }), usage: '--id <key id>', run: (s, f) => s.apiKeys.revoke('operator', str(f, 'id')) },
  'customer-key create': { audit: (f, r) => ({ target: auditTarget({ accountId: int(f, 'account'), apiKeyId: String(created(r)) }), accountId: int(f, 'account') }),
    usage: "--account <id> --name <name> --scopes <produce,consume> --stations <'orders-*,events'> [--expires-at <ISO time>]   (prints the key once)",
    run: (s, f) =>
      s.apiKeys.createCustomerKey(int(f, 'account'), { name: str(f, 'name'), scopes: str(f, 'scopes'), stations: str(f, 'stations'), expiresAt: optStr(f, 'expires-at') }, s.actor),
  },
  'customer-key list': { usage: '--account <id>', run: (s, f) => s.apiKeys.list('customer', int(f, 'account')) },
  'customer-key revoke': { audit: (f) => ({ target: auditTarget({ accountId: int(f, 'account'), apiKeyId: str(f, 'id') }), accountId: int(f, 'account') }),
    usage: '--account <id> --id <key id>',
    run: (s, f) => s.apiKeys.revoke('customer', str(f, 'id'), int(f, 'account')),
  },
  'user create': { audit: onUser,
    usage: '--account <id> --username <name> --password <password>',
    run: (s, f) => s.admin.createUser(int(f, 'account'), { username: str(f, 'username'), password: str(f, 'password') }),
  },
  'user list': { usage: '--account <id>', run: (s, f) => s.admin.listUsers(int(f, 'account')) },
  'user disable': { audit: onUser, usage: '--account <id> --username <name>', run: (s, f) => s.admin.setUserDisabled(int(f, 'account'), str(f, 'username'), true) },
  'user enable': { audit: onUser, usage: '--account <id> --username <name>', run: (s, f) => s.admin.setUserDisabled(int(f, 'account'), str(f, 'username'), false) },
  'user revoke-tokens': { audit: onUser,
    usage: '--account <id> --username <name>',
    run: async (s, f) => {
      await s.admin.revokeUserTokens(int(f, 'account'), str(f, 'username'));
      return { revoked: true };
    },
  },
};

/** Every --flag taking a value, read from the usages so the two never drift. */
export const STRING_FLAGS = [...new Set(Object.values(COMMANDS).flatMap((c) => [...c.usage.matchAll(/--([a-z-]+) </g)].map((m) => m[1])))];

export function usage(): string {
  return ['usage: npm run cli -- <command> [flags] [--json]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name} ${c.usage}`)].join('\n');
}
