export * from './jwk-set';
export * from './signed-token.verifier';
export * from './token-claims.parser';
export * from './token-extraction';
export * from './api-key-format';
export * from './api-key-scopes';
