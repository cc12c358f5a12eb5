import { badRequest, unauthorized } from '@restgw/platform';
import { tokenFromAuthorization } from '@restgw/tokens';
import { INPUT_LIMITS, int4Id, int4IdFromText } from './input-limits';

/** What a caller asked for in POST /auth/authenticate, after API.md's resolution rules. */
export interface AuthenticateCommand {
  username: string;
  password: string;
  accountId: number;
  tokenMinutes?: number;
  refreshMinutes?: number;
}

export interface RefreshCommand {
  refreshToken: string;
  tokenMinutes?: number;
  refreshMinutes?: number;
}

type Body = Record<string, unknown>;

function asObject(body: unknown): Body {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object');
  return body as Body;
}

/** A lifetime in minutes; absent, 0 or negative means the default, as in Memphis. */
function optionalMinutes(body: Body, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw badRequest(`${field} must be an integer number of minutes`);
  return v > 0 ? v : undefined;
}

const ACCOUNT_ID_RANGE = `a positive integer up to ${INPUT_LIMITS.maxInt4}`;

function parseAccountId(raw: unknown, source: string): number {
  if (typeof raw === 'string') throw badRequest(`${source} must be sent as a number, not a string`);
  const id = int4Id(raw);
  if (id === null) throw badRequest(`${source} must be ${ACCOUNT_ID_RANGE}`);
  return id;
}

function checkLength(value: string, field: string, max: number): void {
  if (value.length > max) throw badRequest(`${field} must be at most ${max} characters`);
}

/**
 * Account resolution, first match wins: body account_id; query accountId;
 * username of the form name$<id>; the configured default account. An
 * account id of 0 names no account (Memphis moves on to the next way too).
 */
export function parseAuthenticate(body: unknown, query: { accountId?: string }, defaultAccountId?: number): AuthenticateCommand {
  const b = asObject(body);
  const missing: string[] = [];
  if (typeof b.username !== 'string' || b.username === '') missing.push('username');
  const password = typeof b.password === 'string' && b.password !== '' ? b.password : b.connection_token;
  if (typeof password !== 'string' || password === '') missing.push('password (or connection_token)');
  if (missing.length) throw badRequest(`Missing or invalid fields: ${missing.join(', ')}`);

  // name$<id> may carry up to 11 more characters than the username it names; checked again once split.
  if ((b.username as string).length > INPUT_LIMITS.username + 11) checkLength(b.username as string, 'username', INPUT_LIMITS.username);
  checkLength(password as string, typeof b.password === 'string' && b.password !== '' ? 'password' : 'connection_token', INPUT_LIMITS.password);
  let username = b.username as string;
  let accountId: number | undefined;
  if (b.account_id !== undefined && b.account_id !== null && b.account_id !== 0) {
    accountId = parseAccountId(b.account_id, 'account_id');
  } else if (query.accountId !== undefined && query.accountId !== '' && !/^0+$/.test(query.accountId)) {
    const id = int4IdFromText(query.accountId);
    if (id === null) throw badRequest(`accountId query parameter must be ${ACCOUNT_ID_RANGE}`);
    accountId = id;
  } else {
    const m = /^(.+)\$(\d+)$/.exec(username);
    if (m) username = m[1];
    if (m && !/^0+$/.test(m[2])) {
      const id = int4IdFromText(m[2]);
      if (id === null) throw badRequest(`The account id in username name$<account_id> must be ${ACCOUNT_ID_RANGE}`);
      accountId = id;
    } else {
      accountId = defaultAccountId;
    }
  }
  checkLength(username, 'username', INPUT_LIMITS.username);
  if (accountId === undefined) {
    throw badRequest('Missing account id: send account_id (a number) in the body, ?accountId= in the query, or a username of the form name$<account_id>');
  }
  return {
    username,
    password: password as string,
    accountId,
    tokenMinutes: optionalMinutes(b, 'token_expiry_in_minutes'),
    refreshMinutes: optionalMinutes(b, 'refresh_token_expiry_in_minutes'),
  };
}

/**
 * Refresh token from the body, or from `Authorization: Bearer <token>` with an
 * empty body. Without one: 401, as Memphis answers, since clients log in again
 * only on 401.
 */
export function parseRefresh(body: unknown, authorization?: string): RefreshCommand {
  const b = body === undefined || body === null || body === '' ? {} : asObject(body);
  let token = typeof b.jwt_refresh_token === 'string' ? b.jwt_refresh_token : undefined;
  if (!token) token = tokenFromAuthorization(authorization) ?? undefined;
  if (!token) throw unauthorized();
  checkLength(token, 'jwt_refresh_token', INPUT_LIMITS.refreshToken);
  return {
    refreshToken: token,
    tokenMinutes: optionalMinutes(b, 'token_expiry_in_minutes'),
    refreshMinutes: optionalMinutes(b, 'refresh_token_expiry_in_minutes'),
  };
}
