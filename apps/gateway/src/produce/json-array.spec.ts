import { DomainError } from '@restgw/platform';
import { parseBatchBody, splitJsonArray } from './json-array';

describe('splitJsonArray', () => {
  it('returns each element as compact JSON, keeping key order, numbers and escapes', () => {
    const text = ` [ {"b": 1, "2": 2, "1" : 3},\n  12345678901234567890123 , 1.0,1e400, "a, b ] \\" {", null, [ 1 , [2] ], {} , [] ]  `;
    expect(splitJsonArray(text)).toEqual([
      '{"b":1,"2":2,"1":3}',
      '12345678901234567890123',
      '1.0',
      '1e400',
      '"a, b ] \\" {"',
      'null',
      '[1,[2]]',
      '{}',
      '[]',
    ]);
  });

  it('keeps whitespace inside strings and unicode escapes as sent', () => {
    expect(splitJsonArray('[{"k":"two  spaces\\u00e9\\\\"}]')).toEqual(['{"k":"two  spaces\\u00e9\\\\"}']);
  });

  it('handles the empty array', () => {
    expect(splitJsonArray('[]')).toEqual([]);
    expect(splitJsonArray(' [ \n ] ')).toEqual([]);
  });
});

describe('parseBatchBody', () => {
  const buf = (s: string) => Buffer.from(s);

  it('counts elements and splits lazily', () => {
    const parsed = parseBatchBody(buf('[{"a":1},{"a":2}]'));
    expect(parsed.count).toBe(2);
    expect(parsed.elements()).toEqual(['{"a":1}', '{"a":2}']);
  });

  it.each([['{"a":1}'], ['"x"'], ['1']])('refuses a body that is not an array: %p', (body) => {
    expect(() => parseBatchBody(buf(body))).toThrow('The request body must be a JSON array of messages');
  });

  it.each([[''], ['[1,'], ['[1,]'], ['not json']])('refuses malformed JSON: %p', (body) => {
    expect(() => parseBatchBody(buf(body))).toThrow(DomainError);
    expect(() => parseBatchBody(buf(body))).toThrow('Invalid request body');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseBatchBody(Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toThrow('Invalid request body');
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parseBatchBody(buf('\ufeff[1]')).elements()).toEqual(['1']);
  });
});
