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
    // Memphis accepts any type containing `text` or `application/json`:
    'application/json-patch+json',
    'application/jsonx',
    'application/richtext',
  ])('accepts %p for produce/single', (ct) => expect(isSingleProduceType(ct)).toBe(true));

  it.each([undefined, '', 'application/xml', 'multipart/form-data; boundary=text', 'application/vnd.api+json', 'image/png'])(
    'refuses %p for produce/single',
    (ct) => expect(isSingleProduceType(ct)).toBe(false),
  );

  it('accepts only JSON for produce/batch', () => {
    expect(isJsonType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonType('application/json-patch+json')).toBe(true);
    expect(isJsonType('text/plain')).toBe(false);
    expect(isJsonType('application/vnd.api+json')).toBe(false);
    expect(isJsonType(undefined)).toBe(false);
  });
});
