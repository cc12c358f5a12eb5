import { LogError, LogErrorKind } from '../log-backend';

/** Connection-level PostgreSQL errors: the log is unavailable now (503), not a bug. */
const UNAVAILABLE_CODES = /^(08|53|57P)/;

/** Runs a database call: database unreachable -> LogError Unavailable (503); other errors pass through. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof LogError) throw e;
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && !UNAVAILABLE_CODES.test(code)) throw e;
    throw new LogError(LogErrorKind.Unavailable, `embedded log: ${(e as Error).message}`);
  }
}
