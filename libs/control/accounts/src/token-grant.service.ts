import type { PrismaClient } from '@restgw/db';
import { TokenIssuer } from './tokens/token-issuer';
import { unauthorized } from '@restgw/platform';
import { AuthenticateCommand, RefreshCommand } from './auth-request.parser';
import { LoginSessions } from './login-sessions.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { grantLifetimes, minutesToMs } from './token-lifetimes';

/** The body of a successful /auth/authenticate or /auth/refreshToken (API.md). */
export interface TokenGrant {
  expires_in: number;
  jwt: string;
  jwt_refresh_token: string;
  refresh_token_expires_in: number;
  /** Where the account is served (extends API.md): one login works at every one of these URLs. */
  regions: AccountRegionView[];
}

/** A region an account is enabled in, as customers and operators see it. */
export interface AccountRegionView {
  id: string;
  url: string;
  status: string;
}

/** Authenticate and refresh use cases: both end in a fresh access + refresh token pair. */
export class TokenGrants {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: LoginSessions,
    private readonly issuer: TokenIssuer,
  ) {}

  /** `clientIp`: the caller's address as the HTTP layer determined it (TRUST_PROXY), for the login throttle. */
  async authenticate(cmd: AuthenticateCommand, clientIp: string): Promise<TokenGrant> {
    const user = await this.throttle.guard('user', `${cmd.accountId}:${cmd.username}`, clientIp, async () => {
      const found = await this.prisma.appUser.findUnique({
        where: { accountId_username: { accountId: cmd.accountId, username: cmd.username } },
        include: { account: true },
      });
      const ok = await this.hasher.verify(found?.passwordHash, cmd.password);
      return found && ok && !found.disabled && found.account.status === 'active' ? found : null;
    });
    if (!user) throw unauthorized();
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.prisma.appUser.update({ where: { id: user.id }, data: { passwordHash: await this.hasher.hash(cmd.password) } });
    }
    const granted = grantLifetimes(cmd, user.account);
    const session = await this.sessions.start(user.accountId, user.id, granted.refreshMinutes);
    return this.grant(user, user.account, session.sessionId, session.refreshToken, granted.tokenMinutes, granted.refreshMinutes);
  }

  async refresh(cmd: RefreshCommand): Promise<TokenGrant> {
    let refreshMinutes = 0;
    const rotated = await this.sessions.rotate(cmd.refreshToken, async (accountId) => {
      const account = await this.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
      refreshMinutes = grantLifetimes(cmd, account).refreshMinutes;
      return refreshMinutes;
    });
    const user = await this.prisma.appUser.findFirst({
      where: { id: rotated.userId, accountId: rotated.accountId },
      include: { account: true },
    });
    if (!user || user.disabled || user.account.status !== 'active') throw unauthorized();
    const { tokenMinutes } = grantLifetimes(cmd, user.account);
    return this.grant(user, user.account, rotated.sessionId, rotated.refreshToken, tokenMinutes, refreshMinutes);
  }

  private async grant(
    user: { id: number; accountId: number; username: string; tokensValidFrom: number },
    account: { tokensValidFrom: number },
    sessionId: string,
    refreshToken: string,
    tokenMinutes: number,
    refreshMinutes: number,
  ): Promise<TokenGrant> {
    // Never before a revocation point: a token minted in the second of a disable/re-enable stays valid.
    const issuedAt = Math.max(Math.floor(Date.now() / 1000), user.tokensValidFrom, account.tokensValidFrom);
    const jwt = await this.issuer.accessToken({
      userId: user.id,
      accountId: user.accountId,
      username: user.username,
      sessionId,
      lifetimeMinutes: tokenMinutes,
      issuedAt,
    });
    const links = await this.prisma.accountRegion.findMany({
      where: { accountId: user.accountId },
      select: { region: { select: { id: true, url: true, status: true } } },
      orderBy: { regionId: 'asc' },
    });
    return {
      expires_in: minutesToMs(tokenMinutes),
      jwt,
      jwt_refresh_token: refreshToken,
      refresh_token_expires_in: minutesToMs(refreshMinutes),
      regions: links.map((l) => l.region),
    };
  }
}
