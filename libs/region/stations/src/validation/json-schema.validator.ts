import { isUtf8 } from 'node:buffer';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { valueDeeperThan } from '@restgw/platform';
import type { SchemaValidator } from './schema-validator';

/**
 * Messages validated against a JSON Schema are refused past this nesting:
 * ajv recurses with the data on recursive schemas, and a deep enough message
 * would overflow the stack. Messages of stations without a schema are never
 * parsed, so any depth is stored.
 */
export const VALIDATED_MESSAGE_MAX_DEPTH = 128;

/** At most this many ajv errors are named in one answer (allErrors may find many). */
const MAX_REPORTED_ERRORS = 5;

/**
 * One Ajv instance per compiled schema: an Ajv keeps every schema it compiled,
 * so sharing one across versions would grow forever. Options match the control
 * plane's definition check (libs/control/stations, schema-definition.check.ts), so whatever was accepted there compiles here.
 */
export function compileJsonSchema(definition: string): ValidateFunction {
  const doc = JSON.parse(definition) as object | boolean;
  return new Ajv({ allErrors: true, strict: false, logger: false }).compile(doc as object);
}

export class JsonSchemaValidator implements SchemaValidator {
  readonly type = 'json' as const;

  constructor(private readonly validate: ValidateFunction) {}

  static fromDefinition(definition: string): JsonSchemaValidator {
    return new JsonSchemaValidator(compileJsonSchema(definition));
  }

  validateBody(body: Buffer): string | null {
    if (!isUtf8(body)) return 'the body is not valid UTF-8 JSON';
    let text = body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return `the body is not valid JSON (${(e as Error).message})`;
    }
    return this.validateValue(value);
  }

  validateValue(value: unknown): string | null {
    if (valueDeeperThan(value, VALIDATED_MESSAGE_MAX_DEPTH)) return `/ is nested deeper than ${VALIDATED_MESSAGE_MAX_DEPTH} levels`;
    if (this.validate(value)) return null;
    return renderAjvErrors(this.validate.errors ?? []);
  }
}

/** "<instancePath or /> <message>" per error, e.g. `/price must be number`; joined with "; ". */
export function renderAjvErrors(errors: ErrorObject[]): string {
  if (errors.length === 0) return '/ does not match the schema';
  const parts = errors.slice(0, MAX_REPORTED_ERRORS).map(renderAjvError);
  if (errors.length > MAX_REPORTED_ERRORS) parts.push(`and ${errors.length - MAX_REPORTED_ERRORS} more`);
  return parts.join('; ');
}

function renderAjvError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  let what = e.message ?? 'is invalid';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    what += ` (${params.additionalProperty})`;
  } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    what += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${what}`;
}
