import { badRequest } from '@restgw/platform';
import type { MessageHeaders } from '@restgw/message-log';
import { DEFAULT_HEADER_POLICY, HeaderPolicy } from './header-policy';

const RESERVED_PREFIX = '$memphis';

/**
 * W3C trace context: kept on every message whatever the filter above says, so a
 * consumer continues the producer's trace (issue 17 item 4).
 */
export const TRACE_CONTEXT_HEADERS: ReadonlySet<string> = new Set(['traceparent', 'tracestate']);

/**
 * Request headers -> message headers, from Node's rawHeaders ([name, value,
 * ...]) so names keep the case the client sent. Hop-by-hop headers and
 * credentials are not copied (header-policy.ts). A repeated name (in any
 * case) keeps its first value, as Memphis does. `$memphis*` names: 400.
 */
export function messageHeaders(rawHeaders: string[], policy: HeaderPolicy = DEFAULT_HEADER_POLICY): MessageHeaders {
  const out: MessageHeaders = {};
  let seen: Set<string> | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const lower = name.toLowerCase();
    if (!policy.copies(lower) && !TRACE_CONTEXT_HEADERS.has(lower)) continue;
    if (lower.startsWith(RESERVED_PREFIX)) throw badRequest(`Header names starting with ${RESERVED_PREFIX} are reserved: ${name}`);
    seen ??= new Set();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out[name] = rawHeaders[i + 1];
  }
  return out;
}

/** Bytes the headers add to a record (for the message size limit). */
export function headerBytes(headers: MessageHeaders): number {
  let n = 0;
  for (const name in headers) n += Buffer.byteLength(name) + Buffer.byteLength(headers[name]);
  return n;
}
