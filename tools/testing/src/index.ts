export * from './service-urls';
export * from './test-database';
