import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/config/repo-root';

const WATCHDOG = join(REPO_ROOT, 'dist/libs/shared/platform/src/process/exit-with-parent.js');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A launcher (real process) starts a child that names it in
 * RESTGW_EXIT_WITH_PARENT, then is SIGKILLed: the child must stop by itself
 * (through its own SIGTERM handling); without the variable it keeps running.
 */
async function orphan(withVariable: boolean): Promise<number> {
  const child = `
    require(${JSON.stringify(WATCHDOG)}).exitWithParent();
    process.on('SIGTERM', () => { console.error('graceful'); process.exit(0); });
    setInterval(() => undefined, 1000);`;
  const launcher = `
    const { spawn } = require('node:child_process');
    const env = { ...process.env };
    ${withVariable ? "env.RESTGW_EXIT_WITH_PARENT = String(process.pid);" : ''}
    const c = spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { env, stdio: 'ignore', detached: true });
    console.log(c.pid);
    setInterval(() => undefined, 1000);`;
  const parent = spawn(process.execPath, ['-e', launcher], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  parent.kill('SIGKILL');
  return pid;
}

describe('exitWithParent (real processes)', () => {
  it('stops a child whose launcher was killed', async () => {
    const pid = await orphan(true);
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it('does nothing without RESTGW_EXIT_WITH_PARENT', async () => {
    const pid = await orphan(false);
    await new Promise((r) => setTimeout(r, 2_500));
    try {
      expect(alive(pid)).toBe(true);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });
});
