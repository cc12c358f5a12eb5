export * from './pg-redis';
export * from './state-client';
