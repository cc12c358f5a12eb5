import { isUtf8 } from 'node:buffer';
import { badRequest } from '@restgw/platform';

const INVALID_BODY = 'Invalid request body';

/**
 * produce/batch body -> the compact JSON text of each element, byte-faithful
 * to what the client sent: key order (including integer-like keys), number
 * spelling (big integers, 1.0, 1e400) and string escapes are kept, only
 * insignificant whitespace is removed. JSON.parse validates the whole body;
 * its values (same order) serve schema validation.
 */
export function parseBatchBody(body: Buffer | undefined): { count: number; values: unknown[]; elements: () => string[] } {
  if (!body || body.length === 0 || !isUtf8(body)) throw badRequest(INVALID_BODY);
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(INVALID_BODY);
  }
  if (!Array.isArray(parsed)) throw badRequest('The request body must be a JSON array of messages');
  return { count: parsed.length, values: parsed, elements: () => splitJsonArray(text) };
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Splits a valid JSON array text into its elements' compact texts. */
export function splitJsonArray(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && isWs(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x5b /* [ */) throw new Error('not a JSON array');
  let depth = 0;
  let inString = false;
  let current = '';
  let segment = ++i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (isWs(c)) {
      current += text.slice(segment, i);
      segment = i + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth === 0) {
        current += text.slice(segment, i);
        if (current !== '') out.push(current);
        return out;
      }
      depth--;
    } else if (c === 0x2c /* , */ && depth === 0) {
      out.push(current + text.slice(segment, i));
      current = '';
      segment = i + 1;
    }
  }
  throw new Error('unterminated JSON array');
}
