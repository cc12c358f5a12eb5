import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EXIT_WITH_PARENT_ENV, REPO_ROOT } from '@restgw/platform';


/** A free loopback port (closed again before use; fine on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** One app process built in dist/, with its output kept for failure reports. */
export class AppProcess {
  private readonly child: ChildProcess;
  private output = '';
  /** Everything printed (bounded), for tests that inspect every log line (the secret scan). */
  private everything = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    entry: string,
    env: Record<string, string>,
    args: string[] = [],
  ) {
    this.child = spawn(process.execPath, ['--enable-source-maps', join(REPO_ROOT, entry), ...args], {
      // The app stops by itself should this process die without stopping it (a killed test run).
      env: { ...process.env, ...env, [EXIT_WITH_PARENT_ENV]: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      if (this.everything.length < 32_000_000) this.everything += chunk.toString();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  logs(): string {
    return this.output;
  }

  /** Every line printed since start (up to 32 MB), not only the tail kept for failure reports. */
  allOutput(): string {
    return this.everything;
  }

  /** Streams further output, prefixed with the app's name. */
  pipeTo(out: NodeJS.WritableStream): void {
    const prefix = (chunk: Buffer) => out.write(chunk.toString().replace(/^(?=.)/gm, `[${this.name}] `));
    this.child.stdout!.on('data', prefix);
    this.child.stderr!.on('data', prefix);
  }

  async waitReady(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${this.name} not ready at ${url} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits until the process printed a line matching `pattern` (for apps without HTTP). */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (pattern.test(this.output)) return;
      if (exited) throw new Error(`${this.name} exited before printing ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
