export * from './config/env-config';
export * from './errors/domain-error';
export * from './errors/http-error.filter';
export * from './http/cors';
export * from './http/redact-url';
export * from './http/http-app.bootstrap';
export * from './config/repo-root';
export * from './process/exit-with-parent';
