import type { JsonSchema } from './dto-schema';

type Dto = new (...args: any[]) => unknown;

/** One documented answer of a route: its body's schema and an example (none for a body-less 204). */
export interface ResponseDoc {
  description: string;
  schema?: JsonSchema;
  example?: unknown;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/** What a route's `*.openapi.ts` entry says about it; the path, method and path parameters come from the controller. */
export interface OperationDoc {
  summary: string;
  description?: string;
  tags: string[];
  /** Security scheme names of the document's components (none: the route needs no credential). */
  security?: string[];
  /** Path parameters' descriptions and examples, by name. */
  params?: Record<string, { description: string; example: string | number }>;
  /** Query parameters: a DTO's (validated by the pipe) or hand-written ones for routes that read the query themselves. */
  query?: { dto?: Dto; parameters?: Array<Record<string, unknown>> };
  body?: {
    description?: string;
    required?: boolean;
    /** The DTO the validation pipe checks; its schema is generated from the decorators. */
    dto?: Dto;
    /** Hand-written schema, for routes that parse their body themselves. */
    schema?: JsonSchema;
    /** Content types accepted (default application/json) with the same schema and example each. */
    contentTypes?: string[];
    example: unknown;
  };
  responses: Record<number, ResponseDoc>;
}

const docs = new Map<string, OperationDoc>();

/**
 * Documents a route. The entry lives in the area's `*.openapi.ts` next to the
 * controller; the key is the one @nestjs/swagger gives the operation
 * (`<Controller>_<method>`), where the document builder picks it up.
 */
export function ApiDoc(doc: OperationDoc): MethodDecorator {
  return (target, key) => {
    docs.set(`${(target as { constructor: { name: string } }).constructor.name}_${String(key)}`, doc);
  };
}

export function operationDoc(operationId: string): OperationDoc | undefined {
  return docs.get(operationId);
}
