export * from './jwk-set';
export * from './signed-token.verifier';
export * from './token-claims.parser';
export * from './token-extraction';
