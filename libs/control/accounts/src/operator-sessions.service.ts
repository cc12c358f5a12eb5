import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@restgw/db';
import { Operators } from './operators.service';

/** A session the console holds; `secret` travels only in the httpOnly cookie. */
export interface OperatorSessionGrant {
  secret: string;
  operator: { id: number; email: string };
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export interface OperatorSessionView {
  operator: { id: number; email: string };
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export interface OperatorSessionOptions {
  idleMinutes: number;
  maxHours: number;
}

/** A use refreshes last_seen_at at most this often (one write per half minute, not per request). */
const TOUCH_EVERY_MS = 30_000;
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Console sign-in sessions, server-side so sign-out and operator disabling end
 * them at once (a signed token could not be taken back). The database keeps
 * only the secret's SHA-256. The CSRF token is derived from the secret: the
 * console reads it from the sign-in or session answer and sends it as a
 * header with every change, which a page on another origin cannot do.
 */
export class OperatorSessions {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly operators: Operators,
    private readonly opts: OperatorSessionOptions,
  ) {}

  get idleSeconds(): number {
    return this.opts.idleMinutes * 60;
  }

  async signIn(email: string, password: string, clientIp: string): Promise<OperatorSessionGrant> {
    const operator = await this.operators.authenticate(email, password, clientIp);
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.opts.maxHours * 3_600_000);
    // Ended sessions are removed here, so the table holds live ones and a few stale ones only.
    await this.prisma.operatorSession.deleteMany({ where: { expiresAt: { lt: now } } });
    await this.prisma.operatorSession.create({ data: { id: this.idOf(secret), operatorId: operator.id, createdAt: now, lastSeenAt: now, expiresAt } });
    return { secret, operator, csrfToken: this.csrfToken(secret), expiresAt, idleExpiresAt: this.idleEnd(now, expiresAt) };
  }

  /** The live session of this secret (and refreshes its idle timer), or null: unknown, signed out, expired, or its operator disabled. */
  async resolve(secret: string): Promise<OperatorSessionView | null> {
    if (!SECRET_SHAPE.test(secret)) return null;
    const id = this.idOf(secret);
    const session = await this.prisma.operatorSession.findUnique({ where: { id }, include: { operator: true } });
    if (!session) return null;
    const now = new Date();
    if (session.operator.disabled || session.expiresAt <= now || this.idleEnd(session.lastSeenAt, session.expiresAt) <= now) {
      await this.prisma.operatorSession.deleteMany({ where: { id } });
      return null;
    }
    let lastSeenAt = session.lastSeenAt;
    if (now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.prisma.operatorSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
      lastSeenAt = now;
    }
    return {
      operator: { id: session.operator.id, email: session.operator.email },
      csrfToken: this.csrfToken(secret),
      expiresAt: session.expiresAt,
      idleExpiresAt: this.idleEnd(lastSeenAt, session.expiresAt),
    };
  }

  async signOut(secret: string): Promise<void> {
    if (SECRET_SHAPE.test(secret)) await this.prisma.operatorSession.deleteMany({ where: { id: this.idOf(secret) } });
  }

  /** Whether `sent` is this session's CSRF token (constant time). */
  csrfMatches(secret: string, sent: string | undefined): boolean {
    if (typeof sent !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(secret));
    const given = Buffer.from(sent);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private csrfToken(secret: string): string {
    return sha256(`restgw-console-csrf\0${secret}`).toString('base64url');
  }

  private idOf(secret: string): string {
    return sha256(secret).toString('hex');
  }

  private idleEnd(lastSeen: Date, expiresAt: Date): Date {
    return new Date(Math.min(lastSeen.getTime() + this.opts.idleMinutes * 60_000, expiresAt.getTime()));
  }
}
