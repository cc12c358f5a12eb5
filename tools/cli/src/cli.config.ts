import { accountsConfigSpec } from '@restgw/accounts';
import { controlConnectionsConfigSpec, readStackConnections, redactUrl } from '@restgw/db';
import { env, loadConfig } from '@restgw/platform';

const spec = {
  ...controlConnectionsConfigSpec,
  ...accountsConfigSpec,
  /** Where `npm start` keeps its data and its connection settings (same variable, same default). */
  DATA_DIR: env.str({ default: '.data' }),
};

/**
 * The CLI's configuration. Without DATABASE_URL it uses the connections the
 * last `npm start` with this DATA_DIR wrote (embedded PostgreSQL, its state
 * store or Redis, key prefix): the stack's own database, with no variables.
 * DATABASE_URL set means the environment names everything, as before.
 */
export function loadCliConfig(source: NodeJS.ProcessEnv = process.env) {
  const dataDir = loadConfig({ DATA_DIR: spec.DATA_DIR }, source).DATA_DIR;
  const stack = source.DATABASE_URL ? null : readStackConnections(dataDir);
  const config = loadConfig(spec, stack ? { ...source, REDIS_URL: undefined, STATE_DATABASE_URL: undefined, ...stack.connections } : source);
  const origin = stack ? `from ${stack.path}, written by npm start` : source.DATABASE_URL ? 'DATABASE_URL' : 'default; no npm start found in DATA_DIR';
  const state = config.STATE_DATABASE_URL ? 'in that database' : `Redis ${redactUrl(config.REDIS_URL)}`;
  return { config, description: `database ${redactUrl(config.DATABASE_URL)} (${origin}); shared state: ${state}` };
}
