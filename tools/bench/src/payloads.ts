/** Message bodies shared by the gateway, native and peer variants of a workload. */

/** `size` bytes of printable ASCII (valid as text/plain and as UTF-8). */
export function textBody(size: number, seed = 0): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 97 + ((i + seed) % 26);
  return b;
}

/**
 * A JSON array of `count` elements for /produce/batch. Each element is a JSON
 * string whose compact text (what the gateway stores) is exactly `size` bytes,
 * so gateway records and native records carry the same number of bytes.
 */
export function jsonBatch(count: number, size: number): { body: Buffer; element: Buffer } {
  const element = Buffer.from(JSON.stringify(textBody(size - 2).toString('latin1')));
  const parts: Buffer[] = [Buffer.from('[')];
  for (let i = 0; i < count; i++) {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(element);
  }
  parts.push(Buffer.from(']'));
  return { body: Buffer.concat(parts), element };
}
