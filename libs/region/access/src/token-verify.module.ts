import { DynamicModule, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FailureThrottle, RateLimiterStore, STATE_STORE, type StateStore } from '@restgw/state';
import { JWKS_PATH } from '@restgw/contracts';
import { AccessStateMirror } from './access-state.mirror';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwksCache } from './jwks-cache.service';
import { API_KEY_THROTTLE, TenantGuard } from './tenant.guard';
import { VerifiedTokenCache } from './verified-token.cache';
import { TOKEN_VERIFY_OPTIONS, TokenVerifyOptions } from './verify.options';

const throttleOptions = (o: TokenVerifyOptions) => o.apiKeyThrottle ?? { redisUrl: '', keyPrefix: '', memory: true, maxFailures: 20, windowSeconds: 300 };

/** The bad-key throttle's own counters connection (connects on the first bad key only). */
export class KeyThrottleStore {
  constructor(readonly store: RateLimiterStore) {}
}

/** Starts key loading and the access mirror with the app; readiness reports both. */
@Injectable()
export class TokenVerifyLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly jwks: JwksCache,
    private readonly access: AccessStateMirror,
    private readonly cache: VerifiedTokenCache,
    private readonly keyCounters: KeyThrottleStore,
  ) {}

  onModuleInit(): void {
    this.jwks.onKeysRemoved((kids) => this.cache.dropKids(kids));
    this.jwks.start();
    this.access.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.jwks.stop();
    await this.access.stop();
    await this.keyCounters.store.close();
  }

  readiness(): { keys: boolean; accessState: boolean } {
    return { keys: this.jwks.isLoaded(), accessState: this.access.isLoaded() };
  }
}

/**
 * Gateway-side token verification: JWKS cache, access-token verifier
 * (@restgw/tokens), verified-token cache, access-state mirror and TenantGuard. The access
 * state is read from the app's global state store (StateStoreModule).
 */
@Module({})
export class TokenVerifyModule {
  static forRoot(options: TokenVerifyOptions): DynamicModule {
    return {
      module: TokenVerifyModule,
      providers: [
        { provide: TOKEN_VERIFY_OPTIONS, useValue: options },
        {
          provide: JwksCache,
          useFactory: () =>
            new JwksCache({ url: new URL(JWKS_PATH, options.controlPlaneUrl).toString(), minRefetchIntervalMs: options.jwksMinRefetchMs }),
        },
        { provide: VerifiedTokenCache, useFactory: () => new VerifiedTokenCache(options.tokenCacheSize) },
        {
          provide: AccessStateMirror,
          inject: [STATE_STORE],
          useFactory: (store: StateStore) => new AccessStateMirror({ store, regionId: options.regionId, resyncIntervalMs: options.accessResyncMs }),
        },
        {
          provide: KeyThrottleStore,
          useFactory: () => {
            const t = throttleOptions(options);
            return new KeyThrottleStore(new RateLimiterStore({ redisUrl: t.redisUrl, keyPrefix: t.keyPrefix, ...(t.memory ? { kind: 'memory' as const } : {}) }));
          },
        },
        {
          provide: API_KEY_THROTTLE,
          inject: [KeyThrottleStore],
          useFactory: (k: KeyThrottleStore) =>
            new FailureThrottle(k.store, { name: 'api-key-gw', maxFailures: throttleOptions(options).maxFailures, windowSeconds: throttleOptions(options).windowSeconds }),
        },
        AccessTokenVerifier,
        TenantGuard,
        TokenVerifyLifecycle,
      ],
      // TenantGuard is instantiated where @UseGuards names it: its dependencies are exported with it.
      exports: [TenantGuard, API_KEY_THROTTLE, AccessTokenVerifier, TokenVerifyLifecycle, VerifiedTokenCache, AccessStateMirror, JwksCache],
    };
  }
}
