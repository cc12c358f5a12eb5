export * from './process-runner';
export * from './service-urls';
export * from './stack';
export * from './test-database';
export * from './group-consumers';
export * from './fixtures';
export * from './embedded-postgres';
export * from './own-services';
