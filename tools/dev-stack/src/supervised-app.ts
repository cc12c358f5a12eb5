import { AppProcess } from '@restgw/testing';

/** Restarts allowed within RESTART_WINDOW_MS before the stack gives up on an app. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * One app of the dev stack, restarted when it dies while the stack runs (a
 * crash, or `kill -9` to try a fault), so the other apps keep going: with a
 * growing pause between attempts, and no more after MAX_RESTARTS within a
 * minute (then it is reported and stays down; Ctrl-C stops the rest).
 */
export class SupervisedApp {
  private process: AppProcess;
  private stopping = false;
  private piped: NodeJS.WritableStream | null = null;
  private restarts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private supervising = false;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
    /** An exit before supervise() (the stack is still starting): the stack fails instead. */
    private readonly onEarlyExit: (app: SupervisedApp, code: number | null) => void,
  ) {
    this.process = this.spawn();
  }

  /** The stack is up: from now on a dying app is restarted. */
  supervise(): void {
    this.supervising = true;
  }

  get current(): AppProcess {
    return this.process;
  }

  /** From now on, this app's output (and its restarts' output) goes to `out`. */
  pipeTo(out: NodeJS.WritableStream): void {
    this.piped = out;
    this.process.pipeTo(out);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.process.stop();
  }

  private spawn(): AppProcess {
    const p = new AppProcess(this.name, this.entry, this.env);
    if (this.piped) p.pipeTo(this.piped);
    void p.exited.then((code) => this.exited(p, code));
    return p;
  }

  private exited(p: AppProcess, code: number | null): void {
    if (this.stopping || p !== this.process) return;
    if (!this.supervising) return this.onEarlyExit(this, code);
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS) {
      this.log(`[stack] ${this.name} exited (${code ?? 'killed'}) ${MAX_RESTARTS} times within a minute; it stays down, the other apps keep running. Its last output:\n${p.logs()}`);
      return;
    }
    const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.restarts.length);
    this.restarts.push(now);
    this.log(`[stack] ${this.name} (pid ${p.pid}) exited (${code ?? 'killed'}); restarting it in ${backoff / 1000} s, the other apps keep running`);
    this.timer = setTimeout(() => {
      if (this.stopping) return;
      this.process = this.spawn();
      this.log(`[stack] ${this.name} restarted (pid ${this.process.pid})`);
    }, backoff);
  }
}
