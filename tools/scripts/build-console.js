#!/usr/bin/env node
// Builds the console (apps/console, React + react-admin) with Vite into
// apps/console/dist, which the control plane serves at /console/. Skipped when
// the build is newer than every source file and the lock (pass --force to build anyway),
// so `npm start` and `npm test` pay for it only on a fresh clone or after a change.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '../..');
const app = join(root, 'apps/console');
const built = join(app, 'dist/index.html');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else newest = Math.max(newest, st.mtimeMs);
    }
  };
  walk(join(app, 'src'));
  for (const f of ['index.html', 'vite.config.mjs']) newest = Math.max(newest, statSync(join(app, f)).mtimeMs);
  return Math.max(newest, statSync(join(root, 'package-lock.json')).mtimeMs);
}

async function main() {
  const force = process.argv.includes('--force');
  if (!force && existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  const started = Date.now();
  console.log('[setup] building the console (apps/console -> apps/console/dist)');
  const { build } = await import('vite');
  await build({ configFile: join(app, 'vite.config.mjs'), logLevel: 'warn' });
  console.log(`[setup] console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
