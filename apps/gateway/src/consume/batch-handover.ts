import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { DeliveredBatch } from '@restgw/log';

const logger = new Logger('ConsumeHandover');

/**
 * Ties a delivered batch to its HTTP response: commit() once the response was
 * handed to the OS ('finish'), release() if the connection closed first, so
 * the records go to the group again instead of being lost. Exactly one runs.
 * Returns false when the client is already gone (the batch was released).
 */
export function handOverOnResponse(batch: DeliveredBatch, res: ServerResponse): boolean {
  let settled = false;
  const settle = (commit: boolean) => {
    if (settled) return;
    settled = true;
    const op = commit ? batch.commit() : batch.release();
    op.catch((e: Error) => logger.warn(`${commit ? 'commit' : 'release'} of ${batch.records.length} record(s) failed: ${e.message}`));
  };
  if (res.destroyed || res.writableEnded || res.socket?.destroyed) {
    settle(false);
    return false;
  }
  res.once('finish', () => settle(true));
  res.once('close', () => settle(false));
  return true;
}
