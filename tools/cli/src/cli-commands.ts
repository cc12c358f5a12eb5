import { AccountAdmin, Operators } from '@restgw/accounts';
import { badRequest } from '@restgw/platform';

export interface CliServices {
  admin: AccountAdmin;
  operators: Operators;
}

type Flags = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  run(s: CliServices, f: Flags): Promise<unknown>;
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

/** Every command maps onto the same use case the admin API calls. */
export const COMMANDS: Record<string, Command> = {
  'operator create': { usage: '--email <email> --password <password>', run: (s, f) => s.operators.create(str(f, 'email'), str(f, 'password')) },
  'region register': {
    usage: '--id <cloud-region> --url <public url> [--status active|draining|disabled]',
    run: (s, f) => s.admin.registerRegion({ id: str(f, 'id'), url: str(f, 'url'), status: f.status as 'active' | undefined }),
  },
  'region list': { usage: '', run: (s) => s.admin.listRegions() },
  'account create': {
    usage: '--name <name> [--max-token-minutes N] [--max-refresh-minutes N]',
    run: (s, f) => s.admin.createAccount({ name: str(f, 'name'), maxTokenMinutes: optInt(f, 'max-token-minutes'), maxRefreshMinutes: optInt(f, 'max-refresh-minutes') }),
  },
  'account list': { usage: '', run: (s) => s.admin.listAccounts() },
  'account show': { usage: '--account <id>', run: (s, f) => s.admin.getAccount(int(f, 'account')) },
  'account suspend': { usage: '--account <id>', run: (s, f) => s.admin.setAccountStatus(int(f, 'account'), 'suspended') },
  'account activate': { usage: '--account <id>', run: (s, f) => s.admin.setAccountStatus(int(f, 'account'), 'active') },
  'account enable-region': {
    usage: '--account <id> --region <region id>',
    run: (s, f) => s.admin.setRegionEnabled(int(f, 'account'), str(f, 'region'), true),
  },
  'account disable-region': {
    usage: '--account <id> --region <region id>',
    run: (s, f) => s.admin.setRegionEnabled(int(f, 'account'), str(f, 'region'), false),
  },
  'user create': {
    usage: '--account <id> --username <name> --password <password>',
    run: (s, f) => s.admin.createUser(int(f, 'account'), { username: str(f, 'username'), password: str(f, 'password') }),
  },
  'user list': { usage: '--account <id>', run: (s, f) => s.admin.listUsers(int(f, 'account')) },
  'user disable': { usage: '--account <id> --username <name>', run: (s, f) => s.admin.setUserDisabled(int(f, 'account'), str(f, 'username'), true) },
  'user enable': { usage: '--account <id> --username <name>', run: (s, f) => s.admin.setUserDisabled(int(f, 'account'), str(f, 'username'), false) },
  'user revoke-tokens': {
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
