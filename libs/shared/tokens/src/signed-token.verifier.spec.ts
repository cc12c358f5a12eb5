import { createHmac, generateKeyPairSync, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifySignedToken } from './signed-token.verifier';

const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('verifySignedToken', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = new Map<string, KeyObject>([['k1', publicKey]]);
  const lookups: string[] = [];
  const keyFor = async (kid: string) => {
    lookups.push(kid);
    return keys.get(kid) ?? null;
  };
  const expected = { issuer: 'iss-1', audience: 'aud-1' };

  const sign = (claims: Record<string, unknown> = {}, opts: { kid?: string; key?: KeyObject; iss?: string; aud?: string; exp?: number } = {}) =>
    new SignJWT({ account_id: 7, sid: 's', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? 'k1', typ: 'JWT' })
      .setIssuer(opts.iss ?? 'iss-1')
      .setAudience(opts.aud ?? 'aud-1')
      .setSubject('5')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? now() + 60)
      .sign(opts.key ?? privateKey);

  beforeEach(() => (lookups.length = 0));

  it('returns the kid and the claims of a valid token', async () => {
    const res = await verifySignedToken(await sign(), keyFor, expected);
    expect(res).toEqual({ kid: 'k1', claims: expect.objectContaining({ sub: '5', account_id: 7, iss: 'iss-1', aud: 'aud-1' }) });
  });

  it.each([
    ['another issuer', { iss: 'someone-else' }],
    ['another audience (an operator token at a gateway)', { aud: 'aud-2' }],
    ['an expired token', { exp: now() - 1 }],
    ['an unknown kid', { kid: 'k2' }],
    ['a signature by a key the kid does not name', { key: other.privateKey }],
  ])('refuses %s', async (_name, opts) => {
    expect(await verifySignedToken(await sign({}, opts), keyFor, expected)).toBeNull();
  });

  it('refuses a token not yet valid (nbf)', async () => {
    expect(await verifySignedToken(await sign({ nbf: now() + 60 }), keyFor, expected)).toBeNull();
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await sign()).split('.');
    const forged = b64({ sub: '5', account_id: 8, sid: 's', iss: 'iss-1', aud: 'aud-1', iat: now(), exp: now() + 60 });
    expect(await verifySignedToken(`${h}.${forged}.${s}`, keyFor, expected)).toBeNull();
  });

  it('refuses alg none and HMAC before looking up a key', async () => {
    const claims = b64({ sub: '5', account_id: 7, sid: 's', iss: 'iss-1', aud: 'aud-1', iat: now(), exp: now() + 60 });
    const none = `${b64({ alg: 'none', kid: 'k1' })}.${claims}.`;
    const hsInput = `${b64({ alg: 'HS256', kid: 'k1' })}.${claims}`;
    const pem = publicKey.export({ format: 'pem', type: 'spki' });
    const hs = `${hsInput}.${createHmac('sha256', pem).update(hsInput).digest('base64url')}`;
    expect(await verifySignedToken(none, keyFor, expected)).toBeNull();
    expect(await verifySignedToken(hs, keyFor, expected)).toBeNull();
    expect(lookups).toEqual([]);
  });

  it('refuses garbage and opaque refresh tokens', async () => {
    for (const token of ['', 'a.b.c', 'rt_abcdef', 'not a token']) expect(await verifySignedToken(token, keyFor, expected)).toBeNull();
  });

  it('answers null when the key lookup fails', async () => {
    const failing = async () => {
      throw new Error('database down');
    };
    expect(await verifySignedToken(await sign(), failing, expected)).toBeNull();
  });
});
