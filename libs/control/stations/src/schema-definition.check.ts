import Ajv from 'ajv';
import * as protobuf from 'protobufjs';
import { badRequest } from '@restgw/platform';
import type { SchemaType } from '@restgw/contracts';

export const SCHEMA_DEFINITION_MAX_CHARS = 256 * 1024;

/**
 * Refuses (400, naming the problem) a schema version gateways could not use:
 * a JSON Schema must compile with ajv; a .proto must parse with protobufjs and
 * define the named message type. Returns the normalized message type.
 */
export function checkSchemaDefinition(type: SchemaType, definition: unknown, messageType?: string | null): string | null {
  if (typeof definition !== 'string' || definition.trim() === '') throw badRequest('definition is required (a JSON Schema document as text, or .proto source)');
  if (definition.length > SCHEMA_DEFINITION_MAX_CHARS) throw badRequest(`definition is longer than ${SCHEMA_DEFINITION_MAX_CHARS} characters`);
  if (type === 'json') {
    if (messageType) throw badRequest('message_type applies to protobuf schemas only');
    let doc: unknown;
    try {
      doc = JSON.parse(definition);
    } catch (e) {
      throw badRequest(`JSON Schema definition is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof doc !== 'object' && typeof doc !== 'boolean') throw badRequest('JSON Schema definition must be an object or a boolean');
    try {
      new Ajv({ allErrors: true, strict: false }).compile(doc as object);
    } catch (e) {
      throw badRequest(`JSON Schema definition does not compile: ${(e as Error).message}`);
    }
    return null;
  }
  if (type !== 'protobuf') throw badRequest('type must be "json" or "protobuf"');
  if (typeof messageType !== 'string' || messageType.trim() === '') throw badRequest('message_type is required for protobuf schemas (the fully qualified message name)');
  let root: protobuf.Root;
  try {
    root = protobuf.parse(definition, { keepCase: true }).root;
    root.resolveAll();
  } catch (e) {
    throw badRequest(`Protobuf definition does not parse: ${(e as Error).message}`);
  }
  const name = messageType.trim().replace(/^\./, '');
  let found: protobuf.ReflectionObject | null = null;
  try {
    found = root.lookup(name);
  } catch {
    found = null;
  }
  if (!(found instanceof protobuf.Type)) throw badRequest(`Protobuf definition has no message type ${name}`);
  return name;
}
