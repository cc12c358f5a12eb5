import { isJsonType, isSingleProduceType, mediaType } from './content-type';

describe('content types', () => {
  it('reads the media type without parameters', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBe('');
  });

  it.each([
    'text/plain',
    'text/csv; charset=utf-8',
    'application/json',
    'application/json;charset=UTF-8',
    'application/x-protobuf',
    'application/octet-stream',
    'TEXT/HTML',
  ])('accepts %p for produce/single', (ct) => expect(isSingleProduceType(ct)).toBe(true));

  it.each([undefined, '', 'text/', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonx', 'image/png'])(
    'refuses %p for produce/single',
    (ct) => expect(isSingleProduceType(ct)).toBe(false),
  );

  it('accepts only JSON for produce/batch', () => {
    expect(isJsonType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonType('text/plain')).toBe(false);
    expect(isJsonType(undefined)).toBe(false);
  });
});
