#!/usr/bin/env node
// Run before `npm start`, `npm test` and the CLI: installs what a fresh clone
// lacks (npm dependencies, the generated Prisma client), rebuilds dist/ and
// builds the console when it is missing or stale.
// Uses only Node built-ins, since node_modules may not exist yet.
const { execFileSync } = require('node:child_process');
const { existsSync, statSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const installedMarker = join(root, 'node_modules/.package-lock.json');
if (!existsSync(installedMarker) || mtime(join(root, 'package-lock.json')) > mtime(installedMarker)) {
  console.log('[setup] installing npm dependencies');
  run(npm, ['install', '--no-audit', '--no-fund']);
}

const generated = join(root, 'libs/control/db/src/generated/client.ts');
if (mtime(join(root, 'prisma/schema.prisma')) > mtime(generated)) {
  console.log('[setup] generating the Prisma client');
  // Prisma's native schema engine cannot be downloaded everywhere; `generate`
  // does not use it, but the CLI wants a path to exist.
  const placeholder = join(root, 'node_modules/.cache/restgw/schema-engine-placeholder');
  mkdirSync(join(placeholder, '..'), { recursive: true });
  if (!existsSync(placeholder)) writeFileSync(placeholder, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  run(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate'], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  });
}

run(process.execPath, [join(root, 'tools/scripts/build.js'), '--quiet']);
// The console the control plane serves at /console/ (only when missing or older than its sources).
run(process.execPath, [join(root, 'tools/scripts/build-console.js')]);
