import { DomainError } from '@restgw/platform';
import { checkSchemaDefinition } from './schema-definition.check';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('checkSchemaDefinition', () => {
  it('accepts a compiling JSON Schema', () => {
    expect(checkSchemaDefinition('json', JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }))).toBeNull();
  });

  it('refuses JSON that is not a schema, naming the problem', () => {
    expect(refused(() => checkSchemaDefinition('json', '{"type": '))).toMatch(/not valid JSON/);
    expect(refused(() => checkSchemaDefinition('json', '{"type": "nope"}'))).toMatch(/does not compile/);
    expect(refused(() => checkSchemaDefinition('json', '{}', 'a.B'))).toMatch(/message_type applies to protobuf/);
    expect(refused(() => checkSchemaDefinition('json', ''))).toMatch(/definition is required/);
  });

  const proto = 'syntax = "proto3"; package shop; message Order { int64 id = 1; string sku = 2; }';

  it('accepts a .proto that defines the message type', () => {
    expect(checkSchemaDefinition('protobuf', proto, 'shop.Order')).toBe('shop.Order');
    expect(checkSchemaDefinition('protobuf', proto, '.shop.Order')).toBe('shop.Order');
  });

  it('refuses a .proto that does not parse, lacks the type, or names none', () => {
    expect(refused(() => checkSchemaDefinition('protobuf', 'message {', 'x.Y'))).toMatch(/does not parse/);
    expect(refused(() => checkSchemaDefinition('protobuf', proto, 'shop.Missing'))).toMatch(/no message type shop.Missing/);
    expect(refused(() => checkSchemaDefinition('protobuf', proto))).toMatch(/message_type is required/);
    expect(refused(() => checkSchemaDefinition('protobuf', 'syntax = "proto3"; message A { Unknown u = 1; }', 'A'))).toMatch(/does not parse/);
  });
});
