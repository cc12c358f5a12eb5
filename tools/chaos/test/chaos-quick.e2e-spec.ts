import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@restgw/platform';

/**
 * `npm run chaos -- --quick` as CI runs it: an isolated cluster-profile stack
 * (its own Kafka, Redis and PostgreSQL), load across three gateway replicas,
 * and the faults CI can afford: broker SIGKILL and restart, SIGKILL of the
 * group's owner, Redis SIGKILL and empty restart. Every scenario must pass the
 * issue's rules (nothing acknowledged lost, duplicates within the documented
 * bound, no 5xx but 503, no 401/403 for valid credentials, recovery within 30 s).
 */
describe('chaos suite, quick mode', () => {
  it('passes every scenario', async () => {
    const child = spawn(process.execPath, ['--enable-source-maps', join(REPO_ROOT, 'dist/tools/chaos/src/main.js'), '--quick'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = output.trim().split('\n');
    console.log(code === 0 ? lines.filter((l) => /^(PASS|FAIL) /.test(l)).join('\n') : output.slice(-12_000));
    expect({ code, last: lines.at(-1) }).toEqual({ code: 0, last: '3 passed, 0 failed' });
  }, 900_000);
});
