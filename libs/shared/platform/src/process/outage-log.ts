/**
 * An `error` listener for clients that report every failed reconnect (ioredis,
 * BullMQ queues): without one, ioredis prints "Unhandled error event" on each
 * attempt and Node's EventEmitter would throw. Logs the first error of an
 * outage and then at most one line per `everyMs`, with how many were folded in.
 */
export function outageListener(what: string, warn: (message: string) => void, everyMs = 10_000): (error: Error) => void {
  let lastAt = -Infinity;
  let folded = 0;
  return (error: Error) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      folded++;
      return;
    }
    warn(`${what} unavailable: ${error.message}${folded ? ` (${folded} more errors since the last report)` : ''}`);
    lastAt = now;
    folded = 0;
  };
}
