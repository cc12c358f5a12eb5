export * from './mirror/mirror';
export * from './mirror/state-store-source';
export * from './pg-state-store';
export * from './redis-state-store';
export * from './state-store';
export * from './state-store.factory';
export * from './state-store.module';
export * from './rate-limiters';
