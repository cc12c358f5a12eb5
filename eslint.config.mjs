import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Library boundaries (docs/architecture.md). Tags live in each project.json:
//   scope:shared | scope:control | scope:region | scope:tooling   where it runs
//   type:app | type:lib | type:tool | type:testing                what it is
//   deps:plain | deps:kafkajs | deps:prisma | deps:bullmq | deps:ioredis | deps:observer
//                                                                 which owned package a project may import
const scopes = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:control', onlyDependOnLibsWithTags: ['scope:shared', 'scope:control', 'type:testing'] },
  { sourceTag: 'scope:region', onlyDependOnLibsWithTags: ['scope:shared', 'scope:region', 'type:testing'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:control', 'scope:region', 'scope:tooling'] },
];
const types = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
];
// Each of these packages belongs to one library (tag deps:<name>); everyone else goes through it.
// ioredis: the state store (libs/shared/state) and BullMQ's connection (libs/shared/jobs, deps:bullmq).
// deps:observer: the test harness, which may watch Kafka and Redis with their native clients like tests do.
const owned = {
  kafkajs: ['kafkajs'],
  prisma: ['@prisma/client', '@prisma/adapter-pg'],
  bullmq: ['bullmq', 'ioredis'],
  ioredis: ['ioredis'],
  observer: ['kafkajs', 'ioredis'],
};
const ownership = ['plain', ...Object.keys(owned)].map((deps) => {
  const mine = new Set(owned[deps] ?? []);
  const others = Object.entries(owned).flatMap(([name, packages]) => (name === deps ? [] : packages));
  return { sourceTag: `deps:${deps}`, bannedExternalImports: [...new Set(others)].filter((p) => !mine.has(p)) };
});

const boundaries = (depConstraints) => ({ enforceBuildableLibDependency: false, depConstraints });

const productionCode = ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts', 'tools/*/src/**/*.ts'];
const testCode = ['**/test/**/*.ts', '**/*.spec.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/generated/**', 'infra/**', '**/*.js', '**/.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: productionCode,
    ignores: testCode,
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        boundaries([...scopes, ...types, ...ownership]),
      ],
    },
  },
  {
    // Production code never reaches the test harness.
    files: ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts'],
    ignores: testCode,
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@restgw/testing', message: 'the test harness is for test files only' }] }] },
  },
  {
    // Tests import libraries only (never an app), from any scope to set up what they check,
    // and may use a native client (kafkajs, pg, ioredis) as an independent observer.
    files: testCode,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(types)] },
  },
);
