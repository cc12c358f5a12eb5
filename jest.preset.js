// Shared jest settings: @swc/jest compiles TS (decorators + metadata, like the build).
// NestJS 12 ships ESM; jest's own module loader cannot require() ESM, so those
// packages are transformed to CommonJS too.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const esmPackages = ['@nestjs', 'jose', 'file-type', 'load-esm', 'uid', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', 'uint8array-extras', '@borewit', 'content-disposition'];

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Also when nested (@fastify/static's own content-disposition is ESM).
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)(?!.*/node_modules/(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper,
};
