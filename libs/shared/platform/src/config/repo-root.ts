import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found from this file whether it runs from source
 * (jest) or from dist/ (built apps): the nearest ancestor holding nx.json.
 */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No repository root (nx.json) above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
export const MIGRATIONS_DIR = join(REPO_ROOT, 'prisma/migrations');
