import type { ServerResponse } from 'node:http';
import type { Delivery } from '@restgw/consume';

/**
 * Ties a delivery to its HTTP response: once handed to the OS ('finish') the
 * batch stays in flight until the consumer asks again or acknowledges it; if
 * the connection closed first, the records go to the group again at once.
 * Returns false when the client is already gone (the batch was returned).
 */
export function handOverOnResponse(delivery: Pick<Delivery, 'returned'>, res: ServerResponse): boolean {
  if (res.destroyed || res.writableEnded || res.socket?.destroyed) {
    delivery.returned();
    return false;
  }
  let finished = false;
  res.once('finish', () => (finished = true));
  res.once('close', () => {
    if (!finished) delivery.returned();
  });
  return true;
}

/** Aborts when the client's connection closes before its answer was sent (stops a forwarded call). */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
