/**
 * Table 1 of the attack suite: every route of every app, with what a valid
 * request looks like. A new route gets a row here and every hostile input of
 * hostile-inputs.table.ts is tried on it (attack.e2e-spec.ts).
 */

/** Which listener serves the route: the gateway, the control plane's public listener, or its operator listener. */
export type Listener = 'gateway' | 'public' | 'operator';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** customer: an access token; operator: an operator token; refresh: a refresh token in the body. */
export type Auth = 'none' | 'customer' | 'operator' | 'refresh';

/** What the suite's running deployment offers a request: two tenants, an operator, a station, a schema. */
export interface AttackContext {
  urls: Record<Listener, string>;
  regionId: string;
  operatorEmail: string;
  operatorPassword: string;
  operatorToken: string;
  /** The attacker's tenant ... */
  a: { accountId: number; username: string; password: string; jwt: string; refresh: () => Promise<string>; station: string; schemaId: string; apiKeyId: string };
  /** ... and the victim's. */
  b: { accountId: number; username: string; station: string };
}

export interface RouteSpec {
  listener: Listener;
  method: Method;
  /** Placeholders: :account (a's id), :station, :region, :username, :schema, :key (a customer API key of a). */
  path: string;
  auth: Auth;
  /** A valid JSON body. */
  body?: (c: AttackContext) => Record<string, unknown> | unknown[];
  /** Routes whose body is the message (produce/single): its Content-Type and bytes. */
  raw?: { contentType: string; body: string };
  /** Body fields holding numbers, strings, and station/consumer names: hostile values replace them one at a time. */
  numbers?: string[];
  strings?: string[];
  names?: string[];
  /** Path parameters holding account ids (out-of-range numbers go there). */
  idParams?: string[];
  /** Changes the suite's own deployment when it succeeds: only inputs that must fail are sent to it. */
  destructive?: boolean;
  /** A login route: brute force under concurrency is tried on it. */
  login?: 'customer' | 'operator';
}

const station = (c: AttackContext) => c.a.station;

export const ROUTES: RouteSpec[] = [
  // ---- gateway: public token routes (relayed) and station routes ----
  {
    listener: 'gateway', method: 'POST', path: '/auth/authenticate', auth: 'none', login: 'customer',
    body: (c) => ({ username: c.a.username, password: c.a.password, account_id: c.a.accountId }),
    numbers: ['account_id', 'token_expiry_in_minutes', 'refresh_token_expiry_in_minutes'], strings: ['username', 'password'],
  },
  { listener: 'gateway', method: 'POST', path: '/auth/refreshToken', auth: 'refresh', body: () => ({}), numbers: ['token_expiry_in_minutes'], strings: ['jwt_refresh_token'] },
  { listener: 'gateway', method: 'POST', path: '/stations/:station/produce/single', auth: 'customer', raw: { contentType: 'text/plain', body: 'hello' } },
  { listener: 'gateway', method: 'POST', path: '/stations/:station/produce/batch', auth: 'customer', body: () => [{ n: 1 }, 'two'] },
  {
    listener: 'gateway', method: 'POST', path: '/stations/:station/consume/batch', auth: 'customer',
    body: () => ({ consumer_name: 'attack', batch_size: 1, batch_max_wait_time_ms: 100 }),
    numbers: ['batch_size', 'batch_max_wait_time_ms', 'account_id'], names: ['consumer_name', 'consumer_group'], strings: ['consumer_name'],
  },
  { listener: 'gateway', method: 'POST', path: '/stations/:station/consume/ack', auth: 'customer', body: () => ({ consumer_name: 'attack' }), names: ['consumer_name', 'consumer_group'], strings: ['batch_id'] },
  { listener: 'gateway', method: 'GET', path: '/monitoring/status', auth: 'none' },
  { listener: 'gateway', method: 'GET', path: '/healthz', auth: 'none' },
  { listener: 'gateway', method: 'GET', path: '/readyz', auth: 'none' },
  // issue 17: the API description and its UI, the metrics
  { listener: 'gateway', method: 'GET', path: '/openapi.json', auth: 'none' },
  { listener: 'gateway', method: 'GET', path: '/docs', auth: 'none' },
  { listener: 'gateway', method: 'GET', path: '/docs/swagger-ui-bundle.js', auth: 'none' },
  { listener: 'gateway', method: 'GET', path: '/metrics', auth: 'none' },

  // ---- control plane, public listener ----
  // connection_token is the password when none is sent: its bounds are tried on this row.
  {
    listener: 'public', method: 'POST', path: '/auth/authenticate', auth: 'none',
    body: (c) => ({ username: c.a.username, connection_token: c.a.password, account_id: c.a.accountId }),
    strings: ['connection_token'],
  },
  {
    listener: 'public', method: 'POST', path: '/auth/authenticate', auth: 'none', login: 'customer',
    body: (c) => ({ username: c.a.username, password: c.a.password, account_id: c.a.accountId }),
    numbers: ['account_id', 'token_expiry_in_minutes'], strings: ['username', 'password'],
  },
  { listener: 'public', method: 'POST', path: '/auth/refreshToken', auth: 'refresh', body: () => ({}), numbers: ['refresh_token_expiry_in_minutes'], strings: ['jwt_refresh_token'] },
  { listener: 'public', method: 'GET', path: '/.well-known/jwks.json', auth: 'none' },
  { listener: 'public', method: 'GET', path: '/healthz', auth: 'none' },

  // ---- control plane, operator listener: /admin and /internal ----
  { listener: 'operator', method: 'POST', path: '/admin/login', auth: 'none', login: 'operator', body: (c) => ({ email: c.operatorEmail, password: c.operatorPassword }), strings: ['email', 'password'] },
  { listener: 'operator', method: 'GET', path: '/admin/regions', auth: 'operator' },
  { listener: 'operator', method: 'PUT', path: '/admin/regions', auth: 'operator', body: (c) => ({ id: c.regionId, url: 'http://127.0.0.1' }), strings: ['id', 'url', 'status'] },
  { listener: 'operator', method: 'PUT', path: '/admin/regions/:region', auth: 'operator', body: () => ({ url: 'http://127.0.0.1' }), strings: ['url', 'id'] },
  { listener: 'operator', method: 'GET', path: '/admin/regions/:region', auth: 'operator' },
  { listener: 'operator', method: 'GET', path: '/admin/regions/:region/instances', auth: 'operator' },
  { listener: 'operator', method: 'GET', path: '/admin/accounts', auth: 'operator' },
  { listener: 'operator', method: 'POST', path: '/admin/accounts', auth: 'operator', body: () => ({ name: 'attack-account' }), numbers: ['max_token_minutes', 'max_refresh_minutes'], strings: ['name'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/activate', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/suspend', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'DELETE', path: '/admin/accounts/:account/regions/:region', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'DELETE', path: '/admin/regions/:region', auth: 'operator', destructive: true },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/users/:username/disable', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/users/:username/revoke-tokens', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'DELETE', path: '/admin/accounts/:account/stations/:region/:station', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'PUT', path: '/admin/accounts/:account/regions/:region', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/users', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/users', auth: 'operator', idParams: [':account'], body: () => ({ username: 'attack-user', password: 'attack-password' }), strings: ['username', 'password'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/users/:username/enable', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/stations', auth: 'operator', idParams: [':account'], body: (c) => ({ region_id: c.regionId, name: station(c) }), numbers: ['partitions', 'retention_ms', 'retention_bytes', 'max_message_bytes'], strings: ['region_id', 'name', 'schema_id'], names: ['name'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/stations', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/stations/:region/:station', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'PATCH', path: '/admin/accounts/:account/stations/:region/:station', auth: 'operator', idParams: [':account'], body: () => ({ retention_ms: 3_600_000 }), numbers: ['partitions', 'retention_ms', 'retention_bytes', 'max_message_bytes'] },
  { listener: 'operator', method: 'PUT', path: '/admin/accounts/:account/stations/:region/:station/schema', auth: 'operator', idParams: [':account'], body: (c) => ({ schema_id: c.a.schemaId }), strings: ['schema_id'] },
  { listener: 'operator', method: 'DELETE', path: '/admin/accounts/:account/stations/:region/:station/schema', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/schemas', auth: 'operator', idParams: [':account'], body: () => ({ name: 'attack-schema', type: 'json', definition: '{"type":"object"}' }), strings: ['name', 'type', 'definition', 'message_type'] },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/schemas/:schema/versions', auth: 'operator', idParams: [':account'], body: () => ({ definition: '{"type":"object"}' }), strings: ['definition', 'message_type'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/schemas', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/schemas/:schema', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/station-policy', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'PUT', path: '/admin/accounts/:account/station-policy', auth: 'operator', idParams: [':account'], body: () => ({ auto_create: true, station_quota: 100 }), numbers: ['station_quota'] },
  { listener: 'operator', method: 'GET', path: '/admin/audit', auth: 'operator' },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/limits', auth: 'operator', idParams: [':account'] },
  {
    listener: 'operator', method: 'PATCH', path: '/admin/accounts/:account/limits', auth: 'operator', idParams: [':account'],
    body: () => ({ quota_warning_percent: 90 }),
    numbers: ['produce_messages_per_second', 'produce_bytes_per_second', 'consume_messages_per_second', 'requests_per_second', 'concurrent_consumes', 'monthly_messages_quota', 'monthly_bytes_quota', 'quota_warning_percent'],
  },
  { listener: 'operator', method: 'PUT', path: '/admin/accounts/:account/limits/stations/:station', auth: 'operator', idParams: [':account'], body: () => ({}), numbers: ['produce_messages_per_second', 'requests_per_second'] },
  { listener: 'operator', method: 'DELETE', path: '/admin/accounts/:account/limits/stations/:station', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/usage?granularity=hour', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'GET', path: '/admin/quotas', auth: 'operator' },
  // console (issue 16): sign-in sessions, account search and pages, password reset, the static app
  { listener: 'operator', method: 'POST', path: '/admin/session', auth: 'none', login: 'operator', body: (c) => ({ email: c.operatorEmail, password: c.operatorPassword }), strings: ['email', 'password'] },
  { listener: 'operator', method: 'GET', path: '/admin/session', auth: 'none' },
  { listener: 'operator', method: 'DELETE', path: '/admin/session', auth: 'none' },
  { listener: 'operator', method: 'GET', path: '/admin/accounts?search=attack&status=active&offset=0&limit=10&sort=name&order=desc', auth: 'operator' },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/users/:username/password', auth: 'operator', idParams: [':account'], body: () => ({ password: 'attack-password-2' }), strings: ['password'], destructive: true },
  { listener: 'operator', method: 'GET', path: '/console/', auth: 'none' },
  // issue 17: the admin API's description and its UI (operator listener only)
  { listener: 'operator', method: 'GET', path: '/openapi.json', auth: 'none' },
  { listener: 'operator', method: 'GET', path: '/docs', auth: 'none' },
  { listener: 'operator', method: 'GET', path: '/docs/swagger-ui.css', auth: 'none' },
  { listener: 'operator', method: 'GET', path: '/console/index.html', auth: 'none' },
  // API keys (issue 14): operator keys (a logged-in operator only) and an account's customer keys
  { listener: 'operator', method: 'POST', path: '/admin/api-keys', auth: 'operator', body: () => ({ name: 'attack-key', scopes: ['admin:read'] }), strings: ['name', 'expires_at'] },
  { listener: 'operator', method: 'GET', path: '/admin/api-keys', auth: 'operator' },
  { listener: 'operator', method: 'DELETE', path: '/admin/api-keys/:key', auth: 'operator', destructive: true },
  { listener: 'operator', method: 'POST', path: '/admin/accounts/:account/api-keys', auth: 'operator', idParams: [':account'], body: () => ({ name: 'attack-key', scopes: ['produce'], stations: ['attack-*'] }), strings: ['name', 'expires_at'] },
  { listener: 'operator', method: 'GET', path: '/admin/accounts/:account/api-keys', auth: 'operator', idParams: [':account'] },
  { listener: 'operator', method: 'DELETE', path: '/admin/accounts/:account/api-keys/:key', auth: 'operator', idParams: [':account'], destructive: true },
  { listener: 'operator', method: 'POST', path: '/internal/stations/implicit', auth: 'customer', body: (c) => ({ region_id: c.regionId, station: station(c) }), strings: ['region_id', 'station'], names: ['station'] },
];

/** The route's path with its placeholders filled for the attacker's tenant (`over` replaces some). */
export function fillPath(path: string, c: AttackContext, over: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    ':account': String(c.a.accountId),
    ':station': c.a.station,
    ':region': c.regionId,
    ':username': c.a.username,
    ':schema': c.a.schemaId,
    ':key': c.a.apiKeyId,
    ...over,
  };
  return path.replace(/:[a-z]+/g, (p) => values[p] ?? p);
}
