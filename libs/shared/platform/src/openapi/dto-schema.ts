import { getMetadataStorage } from 'class-validator';

/** A JSON Schema (draft 2020-12, what OpenAPI 3.1 uses). */
export type JsonSchema = Record<string, any>;

type Constraint = { type: string; name?: string; propertyName: string; constraints?: unknown[]; each?: boolean };

/**
 * The JSON Schema of a class-validator DTO, read from the decorators the
 * validation pipe enforces, so the documented request bodies and query
 * strings are the ones the code checks. Optional fields also accept null
 * (class-validator's @IsOptional skips null). Covers the decorators restgw's
 * DTOs use; an unknown one leaves the property's type open.
 */
export function dtoSchema(dto: new (...args: any[]) => unknown): JsonSchema {
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false) as unknown as Constraint[];
  const props: Record<string, JsonSchema> = {};
  const optional = new Set<string>();
  for (const m of metas) {
    const p = (props[m.propertyName] ??= {});
    if (m.type === 'conditionalValidation' && m.name === 'isOptional') optional.add(m.propertyName);
    if (m.type !== 'customValidation') continue;
    // `each: true` constrains the array's elements.
    applyConstraint(m.each ? (p.items ??= {}) : p, m.name ?? '', m.constraints ?? []);
  }
  for (const name of optional) {
    const p = props[name];
    if (p.type && p.type !== 'null') p.type = [p.type, 'null'];
  }
  const required = Object.keys(props).filter((n) => !optional.has(n));
  return { type: 'object', properties: props, ...(required.length ? { required } : {}), additionalProperties: true };
}

function applyConstraint(p: JsonSchema, name: string, c: unknown[]): void {
  switch (name) {
    case 'isString':
      p.type = 'string';
      break;
    case 'isInt':
      p.type = 'integer';
      break;
    case 'isBoolean':
      p.type = 'boolean';
      break;
    case 'isLength':
      p.type ??= 'string';
      p.minLength = c[0];
      if (c[1] !== undefined) p.maxLength = c[1];
      break;
    case 'maxLength':
      p.maxLength = c[0];
      break;
    case 'minLength':
      p.minLength = c[0];
      break;
    case 'min':
      p.minimum = c[0];
      break;
    case 'max':
      p.maximum = c[0];
      break;
    case 'isIn':
      p.enum = c[0];
      break;
    case 'isEmail':
      p.type = 'string';
      p.format = 'email';
      break;
    case 'isUrl':
      p.type = 'string';
      p.format = 'uri';
      break;
    case 'isUuid':
      p.type = 'string';
      p.format = 'uuid';
      break;
    case 'isArray':
      p.type = 'array';
      break;
    case 'arrayMinSize':
      p.type = 'array';
      p.minItems = c[0];
      break;
    case 'arrayMaxSize':
      p.type = 'array';
      p.maxItems = c[0];
      break;
    case 'isIso8601':
    case 'isDateString':
      p.type = 'string';
      p.format = 'date-time';
      break;
    case 'matches':
      p.type = 'string';
      p.pattern = (c[0] as RegExp).source;
      break;
  }
}

/** Query parameters of a DTO bound with @Query(): one per property, all strings on the wire. */
export function dtoQueryParameters(dto: new (...args: any[]) => unknown): Array<Record<string, unknown>> {
  const schema = dtoSchema(dto);
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, s]) => {
    const { type, ...rest } = s;
    const base = Array.isArray(type) ? type.find((t: string) => t !== 'null') : type;
    return { name, in: 'query', required: required.has(name), schema: { type: base ?? 'string', ...rest } };
  });
}
