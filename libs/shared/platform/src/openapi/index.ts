export * from './api-doc';
export * from './dto-schema';
export * from './error-responses.openapi';
export * from './openapi-document';
