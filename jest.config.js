// One jest run over the whole repo: unit specs (*.spec.ts) next to the code,
// integration/e2e specs (*.int-spec.ts, *.e2e-spec.ts) under each project's test/.
module.exports = {
  ...require('./jest.preset.js'),
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/tools/testing/src/jest-global-setup.ts',
  // Every answer the e2e helpers saw must match its app's OpenAPI document (tools/testing/src/response-recorder.ts).
  setupFilesAfterEnv: ['<rootDir>/tools/testing/src/openapi-after-all.ts'],
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tools/testing/src/summary-reporter.js'],
};
