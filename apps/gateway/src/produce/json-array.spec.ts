import { DomainError } from '@restgw/platform';
import { parseBatchBody, splitJsonArray } from './json-array';

const split = (text: string) => splitJsonArray(Buffer.from(text)).map((b) => b.toString('utf8'));

/** parseBatchBody's verdict as data: the elements' texts, or the error it answers with. */
function outcome(text: string): string[] | 'invalid' | 'not-array' {
  try {
    return parseBatchBody(Buffer.from(text)).elements.map((b) => b.toString('utf8'));
  } catch (e) {
    return (e as Error).message === 'Invalid request body' ? 'invalid' : 'not-array';
  }
}

describe('splitJsonArray', () => {
  it('returns each element as compact JSON, keeping key order, numbers and escapes', () => {
    const text = ` [ {"b": 1, "2": 2, "1" : 3},\n  12345678901234567890123 , 1.0,1e400, "a, b ] \\" {", null, [ 1 , [2] ], {} , [] ,-0.5E+3, true,false]  `;
    expect(split(text)).toEqual([
      '{"b":1,"2":2,"1":3}',
      '12345678901234567890123',
      '1.0',
      '1e400',
      '"a, b ] \\" {"',
      'null',
      '[1,[2]]',
      '{}',
      '[]',
      '-0.5E+3',
      'true',
      'false',
    ]);
  });

  it('keeps whitespace inside strings, escapes and non-ASCII text as sent', () => {
    expect(split('[{"k" : "two  spaces\\u00e9\\\\ \\" x", "é": "ü€𝄞"}]')).toEqual(['{"k":"two  spaces\\u00e9\\\\ \\" x","é":"ü€𝄞"}']);
  });

  it('returns views into the body when nothing is removed (no copy)', () => {
    const body = Buffer.from('[{"a":1},"x"]');
    const parts = splitJsonArray(body);
    expect(parts.map((p) => p.buffer === body.buffer && p.byteOffset - body.byteOffset)).toEqual([1, 9]);
  });

  it('handles the empty array', () => {
    expect(split('[]')).toEqual([]);
    expect(split(' [ \n ] ')).toEqual([]);
  });

  it('compacts elements that hold whitespace, strings and escaped quotes untouched', () => {
    expect(split(String.raw`[ {"a" : "x \\" ,"b\\\"": [ 1 ,"] }"] } , "\\" ]`)).toEqual([String.raw`{"a":"x \\","b\\\"":[1,"] }"]}`, String.raw`"\\"`]);
  });
});

describe('parseBatchBody against JSON.parse', () => {
  // JSON.parse is the reference: exactly the bodies it accepts are accepted, with the same elements.
  it.each([
    ['[1,]'], ['[,1]'], ['[1 2]'], ['[01]'], ['[1.]'], ['[.5]'], ['[1e]'], ['[1e+]'], ['[-]'], ['[+1]'], ['[0x10]'],
    ['[tru]'], ['[truex]'], ['[True]'], ['[nul]'], ['[NaN]'], ['[Infinity]'], ['["a\tb"]'], ['["\\x"]'], ['["\\u12G4"]'],
    ['["\\u123"]'], ['["abc]'], ['[{"a"}]'], ['[{"a":}]'], ['[{a:1}]'], ['[{"a":1,}]'], ['[{"a":1 "b":2}]'], ['[[1]]]'],
    ['[[1]'], ['[1]]'], ['[1] x'], ['[1]\u00a0'], ["['a']"], ['[{"a":1}{"b":2}]'], ['["a"\u2028]'], ['[1]\u0000'],
    ['[-01]'], ['[1.5e3.2]'], ['[{"a":[}]]'], ['[{"a":1]}'], ['[[}]'], ['[{]'], ['[{"k":"v"'], ['['], ['[\u00e9]'],
    ['[1,2,3]'], ['[ "\\/\\b\\f\\n\\r\\t\\"\\\\\\u00FFa" ]'], ['[{"":{"":[[],{}]}} , -0 , 0.0e-0, 1E9]'], ['["\u2028\u2029"]'], ['[1]\r\n\t '],
    ['[{"a":1,"a":2}]'], ['["\\ud800"]'], ['["\u007f"]'], [' [[[[[[[[[[[[["deep"]]]]]]]]]]]]] '],
  ])('agrees with JSON.parse on %p', (text) => {
    expect(outcome(text)).toEqual(reference(text));
  });

  it('agrees with JSON.parse on random documents and their mutations', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const ws = () => ['', ' ', '\n', '\t ', '\r\n'][rand(5)];
    const atoms = ['"x\\\\"', '"\\\\\\""', '0', '-1', '12.5e-3', '1E+2', 'true', 'false', 'null', '""', '"a\\"b"', '"\\u00e9x"', '"é 𝄞"', '-0.0'];
    const value = (depth: number): string => {
      const k = depth > 3 ? 0 : rand(4);
      if (k === 0) return atoms[rand(atoms.length)];
      const n = rand(4);
      const items = Array.from({ length: n }, (_, i) => (k === 1 ? `${ws()}"k${i}"${ws()}:${ws()}${value(depth + 1)}${ws()}` : `${ws()}${value(depth + 1)}${ws()}`));
      return k === 1 ? `{${items.join(',')}${n ? '' : ws()}}` : `[${items.join(',')}${n ? '' : ws()}]`;
    };
    const noise = ['', ',', ']', '}', '[', '{', '"', ':', '\\', 'x', '0', '-', '.', 'e', ' ', '\u0001'];
    let checked = 0;
    for (let t = 0; t < 3000; t++) {
      let text = `${ws()}[${Array.from({ length: rand(5) }, () => ws() + value(0) + ws()).join(',')}]${ws()}`;
      if (t % 2) {
        const at = rand(text.length + 1);
        text = text.slice(0, at) + noise[rand(noise.length)] + text.slice(at + rand(2));
      }
      expect([text, outcome(text)]).toEqual([text, reference(text)]);
      checked++;
    }
    expect(checked).toBe(3000);
  });
});

/** What JSON.parse makes of the text: invalid, not an array, or each element re-checked against the split. */
function reference(text: string): string[] | 'invalid' | 'not-array' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  if (!Array.isArray(parsed)) return 'not-array';
  const parts = split(text);
  // Each element parses to the same value, and nothing but whitespace outside strings was dropped.
  expect(parts.map((p) => JSON.parse(p))).toEqual(parsed);
  expect(`[${parts.join(',')}]`).toBe(withoutWhitespace(text));
  return parts;
}

function withoutWhitespace(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') out += text[i++];
      else if (c === '"') inString = false;
    } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    else if (c === '"') inString = true;
    out += text[i];
  }
  return out;
}

describe('parseBatchBody', () => {
  const buf = (s: string) => Buffer.from(s);

  it('counts elements, splits them and keeps the parsed values', () => {
    const parsed = parseBatchBody(buf('[{"a":1}, {"a":2}]'));
    expect(parsed.count).toBe(2);
    expect(parsed.elements.map(String)).toEqual(['{"a":1}', '{"a":2}']);
    expect(parsed.values).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it.each([['{"a":1}'], ['"x"'], ['1']])('refuses a body that is not an array: %p', (body) => {
    expect(() => parseBatchBody(buf(body))).toThrow('The request body must be a JSON array of messages');
  });

  it.each([[''], ['[1,'], ['[1,]'], ['not json'], ['{"a":1'], ['\ufeff'], ['\ufeff\ufeff[1]']])('refuses malformed JSON: %p', (body) => {
    expect(() => parseBatchBody(buf(body))).toThrow(DomainError);
    expect(() => parseBatchBody(buf(body))).toThrow('Invalid request body');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseBatchBody(Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toThrow('Invalid request body');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const parsed = parseBatchBody(buf('\ufeff[1, "x"]'));
    expect(parsed.elements.map(String)).toEqual(['1', '"x"']);
    expect(parsed.values).toEqual([1, 'x']);
  });
});
