import { canonicalHeaderName, canonicalHeaders, toConsumedMessage } from './consumed-message';

const record = (value: Buffer, headers: Record<string, string> = { 'x-a': '1' }) => ({ value, headers, partition: 0, offset: '0', timestamp: 0 });

describe('toConsumedMessage', () => {
  it('returns UTF-8 payloads as text', () => {
    expect(toConsumedMessage(record(Buffer.from('{"a":"é"}')))).toEqual({ message: '{"a":"é"}', headers: { 'X-A': '1' } });
    expect(toConsumedMessage(record(Buffer.alloc(0)))).toEqual({ message: '', headers: { 'X-A': '1' } });
  });

  it('returns other payloads base64-encoded and says so', () => {
    const bytes = Buffer.from([0x08, 0x96, 0x01, 0xff]);
    expect(toConsumedMessage(record(bytes))).toEqual({ message: bytes.toString('base64'), headers: { 'X-A': '1' }, encoding: 'base64' });
  });
});

describe('canonical header names (as Memphis returns them)', () => {
  it.each([
    ['content-type', 'Content-Type'],
    ['X-TRACE-ID', 'X-Trace-Id'],
    ['x-trace-id', 'X-Trace-Id'],
    ['etag', 'Etag'],
    ['x_under_score', 'X_under_score'],
    ['a--b-', 'A--B-'],
  ])('%p -> %p', (name, canonical) => expect(canonicalHeaderName(name)).toBe(canonical));

  it('keeps the first value when names differ only in case', () => {
    expect(canonicalHeaders({ 'x-id': '1', 'X-ID': '2', other: 'o' })).toEqual({ 'X-Id': '1', Other: 'o' });
  });
});
