import type { PrismaClient } from '@restgw/db';
import { TokenIssuer } from './tokens/token-issuer';
import { badRequest, conflict, unauthorized } from '@restgw/platform';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

const OPERATOR_TOKEN_MINUTES = 60;

/** Operators run the service through the admin API and console; their tokens are refused by gateways. */
export class Operators {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
    private readonly throttle: LoginThrottle,
  ) {}

  async create(email: string, password: string) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email ?? '')) throw badRequest('email must be an email address');
    if (typeof password !== 'string' || password.length < 8) throw badRequest('password must be at least 8 characters');
    const existing = await this.prisma.operator.findUnique({ where: { email } });
    if (existing) throw conflict(`Operator ${email} already exists`);
    const op = await this.prisma.operator.create({ data: { email, passwordHash: await this.hasher.hash(password) } });
    return { id: op.id, email: op.email };
  }

  /** Creates the operator unless one with that email exists (seeding). */
  async ensure(email: string, password: string) {
    const existing = await this.prisma.operator.findUnique({ where: { email } });
    return existing ? { id: existing.id, email: existing.email } : this.create(email, password);
  }

  /** Throttled like customer logins (LoginThrottle), by email and client address. */
  async login(email: string, password: string, clientIp: string): Promise<{ token: string; expires_in: number }> {
    const op = await this.authenticate(email, password, clientIp);
    return { token: await this.issuer.operatorToken(op.id, op.email, OPERATOR_TOKEN_MINUTES), expires_in: OPERATOR_TOKEN_MINUTES * 60_000 };
  }

  /** The operator whose email and password these are (throttled; 401 otherwise), for a token or a console session. */
  async authenticate(email: string, password: string, clientIp: string): Promise<{ id: number; email: string }> {
    if (typeof email !== 'string' || typeof password !== 'string') throw badRequest('email and password are required');
    const op = await this.throttle.guard('operator', email, clientIp, async () => {
      const found = await this.prisma.operator.findUnique({ where: { email } });
      const ok = await this.hasher.verify(found?.passwordHash, password);
      return found && ok && !found.disabled ? found : null;
    });
    if (!op) throw unauthorized();
    if (this.hasher.needsRehash(op.passwordHash)) {
      await this.prisma.operator.update({ where: { id: op.id }, data: { passwordHash: await this.hasher.hash(password) } });
    }
    return { id: op.id, email: op.email };
  }
}
