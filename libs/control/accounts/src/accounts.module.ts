import { DynamicModule, Module } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@restgw/db';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { RateLimiterStore } from '@restgw/state';
import { AccessStatePublisher } from './tokens/access-state.publisher';
import { ApiKeys } from './api-keys/api-keys.service';
import { SigningKeys } from './tokens/signing-keys.service';
import { TokenIssuer } from './tokens/token-issuer';
import { AccountAdmin } from './account-admin.service';
import { AccountsOptions } from './accounts.config';
import { LoginSessions } from './login-sessions.service';
import { LoginThrottle } from './login-throttle';
import { OperatorSessions } from './operator-sessions.service';
import { Operators } from './operators.service';
import { PasswordHasher } from './password-hasher';
import { TokenGrants } from './token-grant.service';

/**
 * The accounts/token core as plain classes (usable without Nest, e.g. in
 * tests), wired here once for the control plane, the CLI and the dev stack,
 * on the connections of ControlConnectionsModule (@restgw/db).
 */
@Module({})
export class AccountsModule {
  static register(opts: AccountsOptions): DynamicModule {
    return {
      module: AccountsModule,
      providers: [
        { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
        { provide: SigningKeys, inject: [PRISMA], useFactory: (p: PrismaClient) => new SigningKeys(p, opts.signingKeySecret) },
        { provide: TokenIssuer, inject: [SigningKeys], useFactory: (k: SigningKeys) => new TokenIssuer(k, opts.tokenIssuer) },
        { provide: AccessStatePublisher, inject: [STATE_STORE], useFactory: (s: StateStore) => new AccessStatePublisher(s) },
        {
          provide: LoginThrottle,
          inject: [RateLimiterStore],
          useFactory: (store: RateLimiterStore) =>
            new LoginThrottle(store, { maxFailures: opts.loginMaxFailures, windowSeconds: opts.loginWindowSeconds, ipMaxFailures: opts.loginIpMaxFailures }),
        },
        { provide: LoginSessions, inject: [PRISMA, AccessStatePublisher], useFactory: (p, a) => new LoginSessions(p, a) },
        {
          provide: TokenGrants,
          inject: [PRISMA, PasswordHasher, LoginThrottle, LoginSessions, TokenIssuer],
          useFactory: (p, h, t, s, i) => new TokenGrants(p, h, t, s, i),
        },
        { provide: ApiKeys, inject: [PRISMA, AccessStatePublisher], useFactory: (p, a) => new ApiKeys(p, a) },
        { provide: AccountAdmin, inject: [PRISMA, PasswordHasher, AccessStatePublisher, ApiKeys], useFactory: (p, h, a, k) => new AccountAdmin(p, h, a, k) },
        { provide: Operators, inject: [PRISMA, PasswordHasher, TokenIssuer, LoginThrottle], useFactory: (p, h, i, t) => new Operators(p, h, i, t) },
        {
          provide: OperatorSessions,
          inject: [PRISMA, Operators],
          useFactory: (p: PrismaClient, o: Operators) => new OperatorSessions(p, o, { idleMinutes: opts.consoleSessionIdleMinutes, maxHours: opts.consoleSessionMaxHours }),
        },
      ],
      exports: [SigningKeys, TokenIssuer, TokenGrants, AccountAdmin, Operators, ApiKeys, OperatorSessions],
    };
  }
}
