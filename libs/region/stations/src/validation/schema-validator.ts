import type { SchemaType } from '@restgw/contracts';

/**
 * One schema version, compiled once, checking message bodies. Every method
 * answers null when the message is valid, else the reason (what and where),
 * without the "Schema validation has failed: " prefix the gateway adds.
 */
export interface SchemaValidator {
  readonly type: SchemaType;
  /** Protobuf only: the fully qualified message type. */
  readonly messageType?: string;
  /** A produce/single body as sent (bytes unchanged). */
  validateBody(body: Buffer): string | null;
  /** JSON Schema only: an already-parsed JSON value (a produce/batch element). */
  validateValue(value: unknown): string | null;
}

export const SCHEMA_VALIDATION_FAILED = 'Schema validation has failed';

/** "Schema validation has failed: <reason>" */
export const schemaFailure = (reason: string) => `${SCHEMA_VALIDATION_FAILED}: ${reason}`;
