export * from './access-contract';
export * from './issue/access-state.publisher';
export * from './issue/secret-box';
export * from './issue/signing-keys.service';
export * from './issue/token-issuer';
export * from './verify';
