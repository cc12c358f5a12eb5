import { createPrivateKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { PrismaClient } from '@restgw/db';
import { SIGNING_ALG } from '@restgw/contracts';
import { SecretBox } from './secret-box';

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * ES256 signing keys kept in the database (private half sealed). The newest
 * unretired key signs; every unretired key is published in the JWKS so
 * tokens signed before a rotation keep verifying.
 */
export class SigningKeys {
  private active?: ActiveKey;
  private readonly box: SecretBox;

  constructor(
    private readonly prisma: PrismaClient,
    secret: string,
  ) {
    this.box = new SecretBox(secret);
  }

  async activeKey(): Promise<ActiveKey> {
    if (this.active) return this.active;
    const existing = await this.prisma.signingKey.findFirst({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
    const row = existing ?? (await this.rotate());
    this.active = { kid: row.kid, privateKey: createPrivateKey(this.box.open(row.privateKeyEnc)) };
    return this.active;
  }

  /** Creates a new signing key; older keys stay published until retired. */
  async rotate() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = randomUUID();
    const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: SIGNING_ALG, use: 'sig' };
    const row = await this.prisma.signingKey.create({
      data: {
        kid,
        alg: SIGNING_ALG,
        publicJwk: jwk as object,
        privateKeyEnc: this.box.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
      },
    });
    this.active = undefined;
    return row;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.activeKey();
    const rows = await this.prisma.signingKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: 'desc' } });
    return { keys: rows.map((r) => r.publicJwk as JWK) };
  }
}
