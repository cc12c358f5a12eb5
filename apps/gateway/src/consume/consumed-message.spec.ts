import { toConsumedMessage } from './consumed-message';

const record = (value: Buffer) => ({ value, headers: { 'X-A': '1' }, partition: 0, offset: '0', timestamp: 0 });

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
