import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_AUDIENCE, ADMIN_AUDIENCE, SIGNING_ALG } from '@restgw/contracts';
import { SigningKeys } from './signing-keys.service';

export interface AccessTokenInput {
  userId: number;
  accountId: number;
  username: string;
  sessionId: string;
  lifetimeMinutes: number;
  /** Epoch seconds; never earlier than the user's/account's revocation point. */
  issuedAt: number;
}

/** Signs access and operator tokens; they carry identity only, never a secret. */
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
  ) {}

  async accessToken(input: AccessTokenInput): Promise<string> {
    const { kid, privateKey } = await this.keys.activeKey();
    return new SignJWT({ account_id: input.accountId, username: input.username, sid: input.sessionId })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(ACCESS_AUDIENCE)
      .setSubject(String(input.userId))
      .setJti(randomUUID())
      .setIssuedAt(input.issuedAt)
      .setExpirationTime(input.issuedAt + input.lifetimeMinutes * 60)
      .sign(privateKey);
  }

  async operatorToken(operatorId: number, email: string, lifetimeMinutes: number): Promise<string> {
    const { kid, privateKey } = await this.keys.activeKey();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ email })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(ADMIN_AUDIENCE)
      .setSubject(String(operatorId))
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeMinutes * 60)
      .sign(privateKey);
  }
}
