/** Set by launchers (the dev stack, the test harness) to their own pid. */
export const EXIT_WITH_PARENT_ENV = 'RESTGW_EXIT_WITH_PARENT';

const CHECK_INTERVAL_MS = 1_000;

/**
 * When a launcher named itself in RESTGW_EXIT_WITH_PARENT and then dies
 * without stopping us (SIGKILL, a killed test run), we are re-parented: stop
 * gracefully (SIGTERM to ourselves) instead of running on, holding ports and
 * consumer groups. Without the variable (any real deployment) this does nothing.
 */
export function exitWithParent(env: NodeJS.ProcessEnv = process.env): void {
  const parent = Number(env[EXIT_WITH_PARENT_ENV]);
  if (!Number.isSafeInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, CHECK_INTERVAL_MS);
  timer.unref();
}
