import { Logger } from '@nestjs/common';

/** Set on requests one replica forwards to another; counts forwards so routing cannot loop. */
export const HOPS_HEADER = 'x-restgw-hops';
/** Names a delivered batch, for explicit acknowledgement (consume/ack). */
export const BATCH_ID_HEADER = 'x-restgw-batch-id';

/** What the owning replica answered, relayed unchanged. */
export interface ForwardedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const RELAYED_HEADERS = ['content-type', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', BATCH_ID_HEADER];
/**
 * Beyond the request's own wait: the owner's routing and the answer's
 * transfer. It is also how late a consume answer may be when the owner stops
 * answering (the documented margin of batch_max_wait_time_ms).
 */
export const FORWARD_MARGIN_MS = 1_000;
const logger = new Logger('ConsumeForwarder');

/**
 * Sends a consume request to the replica owning the group, over the same
 * public route with the caller's own token: the owner verifies it again
 * (cached) and derives the tenant, account and group from it, so forwarding
 * grants nothing a direct call would not. `clientGone` aborts the call when
 * our client left, which makes the owner deliver the batch again.
 */
export async function forwardConsume(
  baseUrl: string,
  path: string,
  token: string,
  body: Record<string, unknown>,
  hops: number,
  waitMs: number,
  /** The client left, or this server is closing: stop the call (the owner then delivers the batch again). */
  stop: AbortSignal,
): Promise<ForwardedAnswer | null> {
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [HOPS_HEADER]: String(hops + 1) },
      body: JSON.stringify(body),
      signal: AbortSignal.any([stop, AbortSignal.timeout(waitMs + FORWARD_MARGIN_MS)]),
    });
    const text = await res.text();
    const headers: Record<string, string> = {};
    for (const name of RELAYED_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    return { status: res.status, headers, body: text };
  } catch (e) {
    if (!stop.aborted) logger.warn(`replica ${baseUrl} unreachable: ${(e as Error).message}`);
    return null; // owner gone: the caller waits for the lease to move
  }
}

/** The request's forward count (0 from clients). */
export function hopsOf(headers: Record<string, string | string[] | undefined>): number {
  const n = Number(headers[HOPS_HEADER]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
