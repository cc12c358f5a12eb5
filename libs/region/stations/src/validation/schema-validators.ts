import type { SchemaView } from '@restgw/contracts';
import { JsonSchemaValidator } from './json-schema.validator';
import { ProtobufValidator } from './protobuf.validator';
import type { SchemaValidator } from './schema-validator';

export const DEFAULT_VALIDATOR_CACHE_SIZE = 1_000;

/**
 * Compiled validators keyed by schema id + version: a schema version is
 * immutable, so it is compiled once and shared by every station using it.
 * Bounded LRU. A definition that does not compile (the control plane checks
 * them, so only a corrupted directory entry) gives a validator refusing every
 * message with the reason, rather than letting unchecked data through.
 */
export class SchemaValidators {
  private readonly entries = new Map<string, SchemaValidator>();
  /** Hot path: the validator of a view object already seen, without building a key (dies with the view). */
  private readonly byView = new WeakMap<SchemaView, SchemaValidator>();

  constructor(private readonly maxEntries = DEFAULT_VALIDATOR_CACHE_SIZE) {}

  for(schema: SchemaView): SchemaValidator {
    const seen = this.byView.get(schema);
    if (seen) return seen;
    const validator = this.lookup(schema);
    this.byView.set(schema, validator);
    return validator;
  }

  private lookup(schema: SchemaView): SchemaValidator {
    const key = `${schema.schemaId}@${schema.version}`;
    const hit = this.entries.get(key);
    if (hit) {
      if (this.entries.size > 1) {
        this.entries.delete(key);
        this.entries.set(key, hit); // most recently used last
      }
      return hit;
    }
    const compiled = compile(schema);
    this.entries.set(key, compiled);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return compiled;
  }

  get size(): number {
    return this.entries.size;
  }
}

export function compile(schema: SchemaView): SchemaValidator {
  try {
    return schema.type === 'protobuf'
      ? ProtobufValidator.fromDefinition(schema.definition, schema.messageType)
      : JsonSchemaValidator.fromDefinition(schema.definition);
  } catch (e) {
    return new UnusableSchema(schema, (e as Error).message);
  }
}

class UnusableSchema implements SchemaValidator {
  readonly type;
  private readonly reason: string;

  constructor(schema: SchemaView, problem: string) {
    this.type = schema.type;
    this.reason = `the station's schema ${schema.name} version ${schema.version} cannot be used (${problem})`;
  }

  validateBody(): string | null {
    return this.reason;
  }

  validateValue(): string | null {
    return this.reason;
  }
}
