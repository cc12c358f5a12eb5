import * as protobuf from 'protobufjs';
import type { SchemaValidator } from './schema-validator';

/**
 * Protobuf: the body must decode as the station's message type and pass
 * protobufjs' verify (required fields, field types). The bytes are only
 * read: a valid message is stored exactly as sent, never re-encoded.
 */
export class ProtobufValidator implements SchemaValidator {
  readonly type = 'protobuf' as const;

  constructor(private readonly message: protobuf.Type) {}

  /** Parses the .proto (once per schema version) and looks the message type up; throws naming the problem. */
  static fromDefinition(definition: string, messageType: string | undefined): ProtobufValidator {
    if (!messageType) throw new Error('a Protobuf schema needs a message type');
    const root = protobuf.parse(definition, { keepCase: true }).root;
    root.resolveAll();
    const name = messageType.trim().replace(/^\./, '');
    const found = root.lookup(name);
    if (!(found instanceof protobuf.Type)) throw new Error(`the definition has no message type ${name}`);
    return new ProtobufValidator(found);
  }

  get messageType(): string {
    return this.message.fullName.replace(/^\./, '');
  }

  validateBody(body: Buffer): string | null {
    let decoded: protobuf.Message;
    try {
      decoded = this.message.decode(body);
    } catch (e) {
      return this.notThisType((e as Error).message);
    }
    const problem = this.message.verify(decoded);
    return problem === null ? null : this.notThisType(problem);
  }

  validateValue(): string | null {
    return `Protobuf station messages are binary ${this.messageType} messages; send each with produce/single and Content-Type application/x-protobuf`;
  }

  private notThisType(reason: string): string {
    return `the body is not a valid ${this.messageType} Protobuf message (${reason})`;
  }
}
