import { createHmac, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { ACCESS_AUDIENCE, ADMIN_AUDIENCE, SIGNING_ALG } from '@restgw/contracts';
import { DEV_SIGNING_KEY_SECRET, SigningKeys } from '@restgw/accounts';
import { createPrismaClient } from '@restgw/db';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const parts = (jwt: string) => jwt.split('.');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString());

/**
 * Tokens an attacker builds from a real one: each must answer 401 on every
 * authenticated route. `real` is a valid token of the audience the route wants.
 */
export async function forgeTokens(real: string, databaseUrl: string, issuer: string): Promise<Record<string, string>> {
  const [h, p] = parts(real);
  const header = decode(h);
  const payload = decode(p);
  const now = Math.floor(Date.now() / 1000);

  // The deployment's own signing key (the test reads it like the control plane does): validly signed, wrong claims.
  const prisma = createPrismaClient(databaseUrl);
  const { kid, privateKey } = await new SigningKeys(prisma, DEV_SIGNING_KEY_SECRET).activeKey();
  const jwks = await new SigningKeys(prisma, DEV_SIGNING_KEY_SECRET).jwks();
  await prisma.$disconnect();
  const signReal = (claims: Record<string, unknown>) =>
    new SignJWT({ ...payload, ...claims }).setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' }).sign(privateKey);

  // An attacker's own key pair.
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attackerJwk = await exportJWK(attacker.publicKey);
  const signAttacker = (extraHeader: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALG, typ: 'JWT', ...extraHeader }).sign(attacker.privateKey);

  // HS256 with the public key as the HMAC secret (the classic algorithm confusion).
  const publicPem = (createPublicKey({ key: jwks.keys.find((k) => k.kid === kid) as never, format: 'jwk' }) as KeyObject).export({ type: 'spki', format: 'pem' });
  const hsHeader = b64({ alg: 'HS256', kid, typ: 'JWT' });
  const hsSigned = `${hsHeader}.${p}.${createHmac('sha256', publicPem).update(`${hsHeader}.${p}`).digest('base64url')}`;

  const otherAudience = payload.aud === ADMIN_AUDIENCE ? ACCESS_AUDIENCE : ADMIN_AUDIENCE;
  return {
    'alg none': `${b64({ ...header, alg: 'none' })}.${p}.`,
    'alg none, no signature part': `${b64({ alg: 'none', typ: 'JWT' })}.${p}`,
    'HS256 signed with the public key': hsSigned,
    'unknown kid': await signAttacker({ kid: 'attacker-key' }),
    'real kid, attacker signature': await signAttacker({ kid }),
    'embedded jwk': await signAttacker({ jwk: attackerJwk }),
    'embedded jwk with the real kid': await signAttacker({ kid, jwk: attackerJwk }),
    'jku to an attacker key set': await signAttacker({ kid: 'attacker-key', jku: 'http://127.0.0.1:1/jwks.json' }),
    'x5u to an attacker certificate': await signAttacker({ kid: 'attacker-key', x5u: 'http://127.0.0.1:1/cert.pem' }),
    expired: await signReal({ iat: now - 7200, exp: now - 3600 }),
    'not yet valid': await signReal({ nbf: now + 3600 }),
    'wrong audience': await signReal({ aud: otherAudience }),
    'wrong issuer': await signReal({ iss: `${issuer}-evil` }),
    'payload tampered after signing': `${h}.${b64({ ...payload, account_id: (payload.account_id ?? 0) + 1, sub: '1' })}.${parts(real)[2]}`,
    'signature stripped': `${h}.${p}.`,
    garbage: 'not-a-jwt',
  };
}
