import * as argon2 from 'argon2';
import { requestJson, Stack, Tenant } from '@restgw/testing';

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());

describe('control plane /auth (API.md "Tokens")', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, controlPlaneEnv: { LOGIN_MAX_FAILURES: '3' } });
    tenant = await stack.createTenant({ enableRegion: false });
  });
  afterAll(() => stack?.stop());

  const auth = (body: Record<string, unknown>, query = '') => stack.authenticate(body, { query, via: 'control-plane' });
  const refresh = (init: RequestInit) => requestJson(`${stack.controlPlaneUrl}/auth/refreshToken`, { method: 'POST', ...init });
  const refreshWith = (token: string, extra: Record<string, unknown> = {}) =>
    refresh({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jwt_refresh_token: token, ...extra }) });

  describe('authenticate', () => {
    it('answers the four fields with default lifetimes in ms (body account_id)', async () => {
      const res = await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['expires_in', 'jwt', 'jwt_refresh_token', 'refresh_token_expires_in', 'regions']);
      expect(res.body.expires_in).toBe(15 * 60_000);
      expect(res.body.refresh_token_expires_in).toBe(300 * 60_000);
      const claims = decode(res.body.jwt);
      expect(claims.exp - claims.iat).toBe(15 * 60);
    });

    it('takes 0 as "not given", as Memphis does: lifetimes of 0 or less are the defaults, account id 0 moves on to the next way', async () => {
      const res = await auth({ username: tenant.username, password: tenant.password, account_id: 0, token_expiry_in_minutes: 0, refresh_token_expiry_in_minutes: -3 }, `?accountId=${tenant.accountId}`);
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(15 * 60_000);
      expect(res.body.refresh_token_expires_in).toBe(300 * 60_000);
      expect((await auth({ username: `${tenant.username}$${tenant.accountId}`, password: tenant.password, account_id: 0 }, '?accountId=0')).status).toBe(200);
      const refreshed = await refreshWith(res.body.jwt_refresh_token, { token_expiry_in_minutes: 0 });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.expires_in).toBe(15 * 60_000);
    });

    it('matches /auth routes in any case and with a trailing slash, as Memphis does', async () => {
      const res = await requestJson(`${stack.controlPlaneUrl}/AUTH/authenticate/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }),
      });
      expect(res.status).toBe(200);
      expect((await requestJson(`${stack.controlPlaneUrl}/Auth/RefreshToken/`, { method: 'POST', headers: { authorization: `Bearer ${res.body.jwt_refresh_token}` } })).status).toBe(200);
    });

    it('accepts ?accountId=, name$<id> and connection_token', async () => {
      expect((await auth({ username: tenant.username, password: tenant.password }, `?accountId=${tenant.accountId}`)).status).toBe(200);
      expect((await auth({ username: `${tenant.username}$${tenant.accountId}`, password: tenant.password })).status).toBe(200);
      expect((await auth({ username: tenant.username, connection_token: tenant.password, account_id: tenant.accountId })).status).toBe(200);
    });

    it('puts identity claims only in an ES256 token whose kid is in the JWKS', async () => {
      const res = await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId });
      const claims = decode(res.body.jwt);
      expect(Object.keys(claims).sort()).toEqual(['account_id', 'aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub', 'username']);
      expect(claims.account_id).toBe(tenant.accountId);
      expect(res.body.jwt).not.toContain(Buffer.from(tenant.password).toString('base64url'));
      const jwks = await requestJson(`${stack.controlPlaneUrl}/.well-known/jwks.json`);
      const h = header(res.body.jwt);
      expect(h.alg).toBe('ES256');
      const key = jwks.body.keys.find((k: { kid: string }) => k.kid === h.kid);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
      expect(key.d).toBeUndefined();
    });

    it('grants requested lifetimes, clamped to the account maximum', async () => {
      const custom = await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId, token_expiry_in_minutes: 1, refresh_token_expiry_in_minutes: 2 });
      expect(custom.body.expires_in).toBe(60_000);
      expect(custom.body.refresh_token_expires_in).toBe(120_000);

      const capped = await stack.admin('POST', '/admin/accounts', { name: 'capped', max_token_minutes: 10, max_refresh_minutes: 20 });
      await stack.admin('POST', `/admin/accounts/${capped.id}/users`, { username: 'u', password: 'password-1' });
      const res = await auth({ username: 'u', password: 'password-1', account_id: capped.id, token_expiry_in_minutes: 5_000_000, refresh_token_expiry_in_minutes: 5_000_000 });
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(10 * 60_000);
      expect(res.body.refresh_token_expires_in).toBe(20 * 60_000);
      const claims = decode(res.body.jwt);
      expect(claims.exp - claims.iat).toBe(600);
    });

    it('grants long-lived tokens by default (integrations that cannot refresh)', async () => {
      const res = await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId, token_expiry_in_minutes: 1_000_000 });
      expect(res.body.expires_in).toBe(1_000_000 * 60_000);
    });

    it('answers 400 naming the problem', async () => {
      const str = await auth({ username: tenant.username, password: tenant.password, account_id: String(tenant.accountId) });
      expect(str.status).toBe(400);
      expect(str.body.message).toMatch(/account_id must be sent as a number/);
      const none = await auth({ username: tenant.username, password: tenant.password });
      expect(none.status).toBe(400);
      expect(none.body.message).toMatch(/Missing account id/);
      const fields = await auth({ account_id: tenant.accountId });
      expect(fields.status).toBe(400);
      expect(fields.body.message).toMatch(/username.*password/);
      const minutes = await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId, token_expiry_in_minutes: 1.5 });
      expect(minutes.status).toBe(400);
      expect(minutes.body.message).toMatch(/token_expiry_in_minutes/);
      const malformed = await requestJson(`${stack.controlPlaneUrl}/auth/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
      expect(malformed.status).toBe(400);
    });

    it('answers the same 401 for wrong password, unknown user, unknown account, disabled user and suspended account', async () => {
      const t = await stack.createTenant({ enableRegion: false, username: 'victim' });
      const other = await stack.createTenant({ enableRegion: false, username: 'suspended-user' });
      await stack.admin('POST', `/admin/accounts/${t.accountId}/users/victim/disable`);
      await stack.admin('POST', `/admin/accounts/${other.accountId}/suspend`);
      const cases = [
        { username: tenant.username, password: 'wrong-password', account_id: tenant.accountId },
        { username: 'nobody', password: tenant.password, account_id: tenant.accountId },
        { username: tenant.username, password: tenant.password, account_id: 999_999 },
        { username: 'victim', password: t.password, account_id: t.accountId },
        { username: 'suspended-user', password: other.password, account_id: other.accountId },
      ];
      for (const body of cases) {
        const res = await auth(body);
        expect({ body, status: res.status, payload: res.body }).toEqual({ body, status: 401, payload: { message: 'Unauthorized' } });
      }
    });

    it('throttles repeated failures per account+username with 429 and Retry-After', async () => {
      const t = await stack.createTenant({ enableRegion: false, username: 'throttled' });
      for (let i = 0; i < 3; i++) expect((await auth({ username: 'throttled', password: 'bad-password', account_id: t.accountId })).status).toBe(401);
      const res = await auth({ username: 'throttled', password: t.password, account_id: t.accountId });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another username of the same account is not affected.
      expect((await auth({ username: tenant.username, password: tenant.password, account_id: tenant.accountId })).status).toBe(200);
    });
  });

  it('stores argon2id hashes and upgrades one made with other parameters at the next successful login', async () => {
    const t = await stack.createTenant({ enableRegion: false, username: 'legacy-hash' });
    const hashOf = async () =>
      (await stack.db.query<{ password_hash: string }>('SELECT password_hash FROM app_users WHERE account_id = $1 AND username = $2', [t.accountId, t.username]))[0]
        .password_hash;
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // A hash with the library's default cost, as an older deployment stored it.
    const legacy = await argon2.hash(t.password, { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    await stack.db.query('UPDATE app_users SET password_hash = $1 WHERE account_id = $2 AND username = $3', [legacy, t.accountId, t.username]);
    expect((await auth({ username: t.username, password: 'wrong-password', account_id: t.accountId })).status).toBe(401);
    expect(await hashOf()).toBe(legacy);
    expect((await auth({ username: t.username, password: t.password, account_id: t.accountId })).status).toBe(200);
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await auth({ username: t.username, password: t.password, account_id: t.accountId })).status).toBe(200);
  });

  describe('refreshToken', () => {
    it('rotates: body or bearer header, new pair every time', async () => {
      const first = await stack.login(tenant);
      const second = await refreshWith(first.jwt_refresh_token, { token_expiry_in_minutes: 2 });
      expect(second.status).toBe(200);
      expect(second.body.expires_in).toBe(120_000);
      expect(second.body.jwt_refresh_token).not.toBe(first.jwt_refresh_token);
      const third = await refresh({ headers: { authorization: `Bearer ${second.body.jwt_refresh_token}` } });
      expect(third.status).toBe(200);
      expect(decode(third.body.jwt).sid).toBe(decode(first.jwt).sid);
    });

    it('detects reuse: a used refresh token answers 401 and revokes the whole login', async () => {
      const first = await stack.login(tenant);
      const second = await refreshWith(first.jwt_refresh_token);
      expect(second.status).toBe(200);
      const reuse = await refreshWith(first.jwt_refresh_token);
      expect(reuse.status).toBe(401);
      expect(reuse.body).toEqual({ message: 'Unauthorized' });
      // The legitimate successor is dead too: the login is revoked.
      expect((await refreshWith(second.body.jwt_refresh_token)).status).toBe(401);
      // Other logins of the same user are untouched.
      const other = await stack.login(tenant);
      expect((await refreshWith(other.jwt_refresh_token)).status).toBe(200);
    });

    it('refuses garbage, access tokens, and missing tokens', async () => {
      const grant = await stack.login(tenant);
      expect((await refreshWith('rt_garbage')).status).toBe(401);
      expect((await refreshWith(grant.jwt)).status).toBe(401);
      // Memphis answers 401 here, and clients log in again only on 401.
      const missing = await refresh({ headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ message: 'Unauthorized' });
      expect((await refresh({})).status).toBe(401);
    });

    it('stops refreshing once the user is disabled', async () => {
      const t = await stack.createTenant({ enableRegion: false, username: 'soon-disabled' });
      const grant = await stack.login(t);
      await stack.admin('POST', `/admin/accounts/${t.accountId}/users/soon-disabled/disable`);
      expect((await refreshWith(grant.jwt_refresh_token)).status).toBe(401);
    });
  });
});

describe('control plane default account (local profile)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A fresh database: the first account created gets id 1.
    stack = await Stack.start({ gateway: false, regionWorker: false, randomAccountIds: false, controlPlaneEnv: { DEFAULT_ACCOUNT_ID: '1' } });
  });
  afterAll(() => stack?.stop());

  it('uses the configured default account when the request names none', async () => {
    const t = await stack.createTenant({ enableRegion: false });
    expect(t.accountId).toBe(1);
    const res = await stack.authenticate({ username: t.username, password: t.password }, { via: 'control-plane' });
    expect(res.status).toBe(200);
  });
});
