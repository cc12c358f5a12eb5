export * from './request-context';
export * from './secret-scrubber';
export * from './json-logger';
export * from './metrics';
export * from './metrics-server';
