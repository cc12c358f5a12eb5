/**
 * A REST v2 bridge (Strimzi, Confluent REST Proxy) answers a produce with 200
 * even when records failed: each failed record's entry in `offsets` carries an
 * `error_code` and `message` instead of partition and offset. A 200 counts as
 * success only when every record has an offset and none has an error_code.
 */
export function checkPeerProduceAnswer(body: Buffer | string, expectedRecords: number): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    throw new Error(`peer answered 200 with a body that is not JSON: ${String(body).slice(0, 120)}`);
  }
  const offsets = (parsed as { offsets?: unknown } | null)?.offsets;
  if (!Array.isArray(offsets)) throw new Error(`peer answered 200 without an offsets array: ${JSON.stringify(parsed).slice(0, 200)}`);
  const failed = offsets.filter((o) => !o || typeof o !== 'object' || (o as { error_code?: unknown }).error_code !== undefined);
  if (failed.length) {
    const first = failed[0] as { error_code?: unknown; message?: unknown } | null;
    throw new Error(`peer answered 200 with ${failed.length} of ${offsets.length} records failed (error_code ${String(first?.error_code)}: ${String(first?.message ?? '')})`);
  }
  if (offsets.length !== expectedRecords) throw new Error(`peer answered 200 with ${offsets.length} offsets for ${expectedRecords} records`);
  const noOffset = offsets.find((o) => typeof (o as { offset?: unknown }).offset !== 'number');
  if (noOffset) throw new Error(`peer answered 200 with a record without an offset: ${JSON.stringify(noOffset)}`);
}
