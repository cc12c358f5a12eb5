import { AppProcess } from '@restgw/testing';

export interface RunningDevStack {
  proc: AppProcess;
  /** The curl commands as printed under "Try it". */
  commands: string[];
  banner: string;
}

/** Starts `npm start`'s program from dist/ and waits for its banner (or its early exit). */
export async function startDevStack(env: Record<string, string>, timeoutMs = 240_000): Promise<RunningDevStack> {
  const proc = new AppProcess('dev-stack', 'dist/tools/dev-stack/src/main.js', env);
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!/Ctrl-C stops/.test(proc.logs())) {
    if (Date.now() > deadline || exited) throw new Error(`dev stack did not print its commands:\n${proc.logs()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const banner = proc.logs();
  const lines = banner.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Try it'));
  const commands = lines.slice(start + 1).filter((l) => l.startsWith('  ')).map((l) => l.slice(2));
  return { proc, commands, banner };
}
