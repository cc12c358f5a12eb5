import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '@restgw/db';
import { AccessStatePublisher } from './tokens/access-state.publisher';
import { unauthorized } from '@restgw/platform';
import { minutesToMs } from './token-lifetimes';

const REFRESH_PREFIX = 'rt_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedRefresh {
  sessionId: string;
  refreshToken: string;
}

export interface RotatedRefresh extends IssuedRefresh {
  accountId: number;
  userId: number;
}

/**
 * Login sessions are server-side: refresh tokens are random, stored hashed,
 * and work once. Presenting a used one is treated as theft: the whole login
 * (session) is revoked, including its access tokens at every gateway.
 */
export class LoginSessions {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessStatePublisher,
  ) {}

  async start(accountId: number, userId: number, refreshMinutes: number): Promise<IssuedRefresh> {
    const sessionId = randomUUID();
    const expiresAt = new Date(Date.now() + minutesToMs(refreshMinutes));
    const refreshToken = this.newToken();
    await this.prisma.loginSession.create({
      data: {
        id: sessionId,
        accountId,
        userId,
        expiresAt,
        refreshTokens: { create: { id: randomUUID(), accountId, tokenHash: hashToken(refreshToken), expiresAt } },
      },
    });
    return { sessionId, refreshToken };
  }

  /** Consumes a refresh token (compare-and-swap on used_at) and issues its successor. */
  async rotate(presented: string, refreshMinutes: (accountId: number) => Promise<number>): Promise<RotatedRefresh> {
    if (!presented.startsWith(REFRESH_PREFIX)) throw unauthorized();
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashToken(presented) }, include: { session: true } });
    if (!row) throw unauthorized();
    const { session } = row;
    if (row.usedAt) {
      await this.revoke(session.id, session.expiresAt, 'refresh-token-reuse');
      throw unauthorized();
    }
    if (session.revokedAt || row.expiresAt.getTime() <= Date.now()) throw unauthorized();

    const minutes = await refreshMinutes(session.accountId);
    const expiresAt = new Date(Date.now() + minutesToMs(minutes));
    const refreshToken = this.newToken();
    const swapped = await this.prisma.$transaction(async (tx) => {
      const used = await tx.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
      if (used.count !== 1) return false;
      await tx.refreshToken.create({
        data: { id: randomUUID(), sessionId: session.id, accountId: session.accountId, tokenHash: hashToken(refreshToken), expiresAt },
      });
      await tx.loginSession.update({ where: { id: session.id }, data: { expiresAt } });
      return true;
    });
    if (!swapped) {
      // Lost the race to another request presenting the same token: that is reuse too.
      await this.revoke(session.id, expiresAt, 'refresh-token-reuse');
      throw unauthorized();
    }
    return { sessionId: session.id, refreshToken, accountId: session.accountId, userId: session.userId };
  }

  async revoke(sessionId: string, expiresAt: Date, reason: string): Promise<void> {
    await this.prisma.loginSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
    await this.access.revokeSession(sessionId, expiresAt.getTime());
  }

  private newToken(): string {
    return REFRESH_PREFIX + randomBytes(32).toString('base64url');
  }
}
