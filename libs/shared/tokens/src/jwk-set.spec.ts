import { generateKeyPairSync } from 'node:crypto';
import { parseJwks } from './jwk-set';

const ecJwk = (kid: string, curve = 'P-256') => ({ ...generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' }), kid });

describe('parseJwks', () => {
  it('keeps ES256 signing keys by kid and ignores every other key', () => {
    const rsa = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }), kid: 'rsa' };
    const keys = parseJwks({
      keys: [
        { ...ecJwk('good'), alg: 'ES256', use: 'sig' },
        ecJwk('no-alg'),
        { ...ecJwk('enc'), use: 'enc' },
        { ...ecJwk('other-alg'), alg: 'ES384' },
        ecJwk('p384', 'P-384'),
        rsa,
        { kty: 'EC', crv: 'P-256', kid: 'broken', x: 'AA', y: 'AA' },
        { ...ecJwk('x'), kid: 5 },
      ],
    });
    expect([...keys.keys()].sort()).toEqual(['good', 'no-alg']);
  });

  it('refuses a document without a keys array', () => {
    expect(() => parseJwks({})).toThrow(/keys/);
    expect(() => parseJwks(null)).toThrow(/keys/);
  });
});
