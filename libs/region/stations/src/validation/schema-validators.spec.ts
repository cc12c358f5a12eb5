import * as protobuf from 'protobufjs';
import type { SchemaView } from '@restgw/contracts';
import { JsonSchemaValidator } from './json-schema.validator';
import { ProtobufValidator } from './protobuf.validator';
import { schemaFailure } from './schema-validator';
import { SchemaValidators } from './schema-validators';

const ORDER_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['id'],
  additionalProperties: false,
});

const ORDER_PROTO = `syntax = "proto3";
package shop;
message Order { int64 id = 1; string sku = 2; double price = 3; }`;

const jsonView = (version = 1, definition = ORDER_SCHEMA): SchemaView => ({ schemaId: 's-1', name: 'order', type: 'json', version, definition });
const protoView = (version = 1): SchemaView => ({ schemaId: 'p-1', name: 'order-pb', type: 'protobuf', version, definition: ORDER_PROTO, messageType: 'shop.Order' });

describe('JsonSchemaValidator', () => {
  const v = JsonSchemaValidator.fromDefinition(ORDER_SCHEMA);

  it('accepts a valid body and value', () => {
    expect(v.validateBody(Buffer.from('{"id": 1, "price": 2.5}'))).toBeNull();
    expect(v.validateValue({ id: 1, tags: ['a'] })).toBeNull();
  });

  it('names the failing path and reason', () => {
    expect(v.validateBody(Buffer.from('{"id":1,"price":"free"}'))).toBe('/price must be number');
    expect(v.validateValue({ id: 1, tags: ['a', 2] })).toBe('/tags/1 must be string');
    expect(schemaFailure(v.validateValue({ id: 1, price: 'x' })!)).toBe('Schema validation has failed: /price must be number');
  });

  it('uses / for the root and names missing and extra properties', () => {
    expect(v.validateValue({})).toBe("/ must have required property 'id'");
    expect(v.validateValue({ id: 1, extra: true })).toBe('/ must NOT have additional properties (extra)');
    expect(v.validateValue('text')).toBe('/ must be object');
  });

  it('reports several errors at once, bounded', () => {
    const many = JsonSchemaValidator.fromDefinition(JSON.stringify({ type: 'array', items: { type: 'string' } }));
    const reason = many.validateValue([1, 2, 3, 4, 5, 6, 7])!;
    expect(reason.split('; ')).toEqual(['/0 must be string', '/1 must be string', '/2 must be string', '/3 must be string', '/4 must be string', 'and 2 more']);
  });

  it('refuses a body that is not JSON, saying so', () => {
    expect(v.validateBody(Buffer.from('not json'))).toMatch(/^the body is not valid JSON \(/);
    expect(v.validateBody(Buffer.from([0xff, 0xfe]))).toBe('the body is not valid UTF-8 JSON');
  });

  it('accepts a UTF-8 BOM before the JSON text', () => {
    expect(v.validateBody(Buffer.from('\ufeff{"id":3}'))).toBeNull();
  });
});

describe('ProtobufValidator', () => {
  const v = ProtobufValidator.fromDefinition(ORDER_PROTO, 'shop.Order');
  const Order = protobuf.parse(ORDER_PROTO).root.lookupType('shop.Order');

  it('accepts the binary encoding of the message type', () => {
    const bytes = Buffer.from(Order.encode({ id: 5, sku: 'abc', price: 1.5 }).finish());
    expect(v.validateBody(bytes)).toBeNull();
  });

  it('refuses a JSON text with a clear message naming the type', () => {
    const reason = v.validateBody(Buffer.from('{"id":1,"sku":"a"}'))!;
    expect(reason).toMatch(/^the body is not a valid shop\.Order Protobuf message \(.+\)$/);
  });

  it('refuses bytes that are not a message', () => {
    expect(v.validateBody(Buffer.from('hello'))).toMatch(/not a valid shop\.Order Protobuf message \(invalid wire type/);
  });

  it('checks required fields (proto2) with verify', () => {
    const p2 = ProtobufValidator.fromDefinition('syntax = "proto2"; package a; message M { required int64 id = 1; }', '.a.M');
    expect(p2.messageType).toBe('a.M');
    expect(p2.validateBody(Buffer.alloc(0))).toMatch(/not a valid a\.M Protobuf message \(.*missing required 'id'/);
  });

  it('tells batch callers to use produce/single with application/x-protobuf', () => {
    expect(v.validateValue()).toContain('produce/single and Content-Type application/x-protobuf');
  });

  it('throws naming the problem for an unknown type', () => {
    expect(() => ProtobufValidator.fromDefinition(ORDER_PROTO, 'shop.Nope')).toThrow('no message type shop.Nope');
  });
});

describe('SchemaValidators', () => {
  it('compiles once per schema id and version', () => {
    const cache = new SchemaValidators();
    const a = cache.for(jsonView(1));
    expect(cache.for(jsonView(1))).toBe(a);
    const b = cache.for(jsonView(2, JSON.stringify({ type: 'object', required: ['sku'] })));
    expect(b).not.toBe(a);
    expect(a.validateValue({ id: 1 })).toBeNull();
    expect(b.validateValue({ id: 1 })).toBe("/ must have required property 'sku'");
    expect(cache.for(protoView()).type).toBe('protobuf');
    expect(cache.size).toBe(3);
  });

  it('is bounded: the least recently used version is dropped', () => {
    const cache = new SchemaValidators(2);
    const v1 = cache.for(jsonView(1));
    cache.for(jsonView(2));
    cache.for(jsonView(1)); // v1 becomes most recent
    cache.for(jsonView(3)); // evicts v2
    expect(cache.size).toBe(2);
    expect(cache.for(jsonView(1))).toBe(v1);
  });

  it('answers a view object seen before without a key lookup', () => {
    const cache = new SchemaValidators();
    const view = jsonView(1);
    expect(cache.for(view)).toBe(cache.for(view));
  });

  it('a definition that does not compile refuses every message with the reason', () => {
    const broken = new SchemaValidators().for(jsonView(1, '{not json'));
    expect(broken.validateBody(Buffer.from('{}'))).toMatch(/^the station's schema order version 1 cannot be used \(/);
    expect(broken.validateValue({})).toMatch(/cannot be used/);
  });
});
