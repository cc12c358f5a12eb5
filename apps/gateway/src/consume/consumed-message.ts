import { isUtf8 } from 'node:buffer';
import type { ConsumedRecord, MessageHeaders } from '@restgw/message-log';

export interface ConsumedMessageView {
  message: string;
  headers: MessageHeaders;
  encoding?: 'base64';
}

/** A record as consume/batch returns it: UTF-8 text, or base64 with `encoding` for binary payloads. */
export function toConsumedMessage(record: ConsumedRecord): ConsumedMessageView {
  const headers = canonicalHeaders(record.headers);
  if (isUtf8(record.value)) return { message: record.value.toString('utf8'), headers };
  return { message: record.value.toString('base64'), headers, encoding: 'base64' };
}

/**
 * Header names in canonical form, as Memphis returns them whatever case the
 * producer sent (most HTTP libraries send lowercase); when two names differ
 * only in case, the first one's value is kept.
 */
export function canonicalHeaders(headers: MessageHeaders): MessageHeaders {
  const out: MessageHeaders = Object.create(null); // a header named __proto__ stays a header
  for (const name in headers) {
    const canonical = canonicalHeaderName(name);
    if (!(canonical in out)) out[canonical] = headers[name];
  }
  return out;
}

/** `x-trace-id` -> `X-Trace-Id`: upper case first and after each `-`, lower case elsewhere (Go's net/http and fasthttp). */
export function canonicalHeaderName(name: string): string {
  let out = '';
  let upper = true;
  for (const c of name) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === '-';
  }
  return out;
}
