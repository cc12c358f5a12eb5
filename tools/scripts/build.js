#!/usr/bin/env node
// Compiles apps/, libs/ and tools/ to dist/ with swc (decorators + metadata for
// Nest), rewriting the @restgw/* aliases of tsconfig.base.json to relative paths.
// Type checking is separate (`npm run typecheck`): this stays fast enough to run
// before every start and test.
const { readdirSync, statSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { join, dirname, relative } = require('node:path');
const swc = require('@swc/core');

const root = join(__dirname, '../..');
const { compilerOptions } = require(join(root, 'tsconfig.base.json'));
const outDir = join(root, 'dist');
const SOURCE_DIRS = ['apps', 'libs', 'tools'];
const SKIP = new Set(['node_modules', 'dist', 'test', '.cache', '.data', 'results']);
// The console is a browser app with its own build (tools/scripts/build-console.js).
const SKIP_PATHS = new Set([join(root, 'apps/console')]);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!SKIP.has(name) && !SKIP_PATHS.has(full)) yield* sources(full);
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

async function main() {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  const options = {
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
  const files = SOURCE_DIRS.flatMap((d) => [...sources(join(root, d))]);
  await Promise.all(
    files.map(async (file) => {
      const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
      const { code, map } = await swc.transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(out), file) });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (map) writeFileSync(`${out}.map`, map);
    }),
  );
  if (!process.argv.includes('--quiet')) console.log(`built ${files.length} files into dist/ in ${Date.now() - started} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
