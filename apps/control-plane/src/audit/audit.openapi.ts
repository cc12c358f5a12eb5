import { OperationDoc } from '@restgw/platform';
import { OPERATOR, OPERATOR_ERRORS } from '../admin/operator-routes.openapi';
import { AuditQueryDto } from './audit.dto';

const ENTRY = {
  type: 'object',
  required: ['id', 'at', 'actor_type', 'actor_id', 'actor', 'action', 'target', 'account_id', 'summary', 'source'],
  properties: {
    id: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    actor_type: { type: 'string' },
    actor_id: { type: ['string', 'null'], description: 'The operator or key id; null for the CLI (the actor names the OS user)' },
    actor: { type: 'string' },
    action: { type: 'string' },
    target: { type: 'string' },
    account_id: { type: ['integer', 'null'] },
    summary: { type: 'object', description: 'What changed, secrets redacted' },
    source: { enum: ['api', 'cli', 'console'] },
  },
  additionalProperties: false,
};

export const AUDIT_DOCS = {
  list: {
    summary: 'Read the audit log (newest first, cursor pagination)',
    tags: ['Audit'],
    security: OPERATOR,
    query: { dto: AuditQueryDto },
    responses: {
      200: {
        description: 'A page of entries; next_cursor is null on the last page',
        schema: { type: 'object', required: ['entries', 'next_cursor'], properties: { entries: { type: 'array', items: ENTRY }, next_cursor: { type: ['string', 'null'] } }, additionalProperties: false },
        example: {
          entries: [
            { id: '23', at: '2026-12-02T12:19:10.406Z', actor_type: 'operator', actor_id: '1', actor: 'ops@example.com', action: 'station.limits', target: 'account/1/limits/station/orders', account_id: 1, summary: { produce_messages_per_second: 10 }, source: 'api' },
          ],
          next_cursor: '23',
        },
      },
      ...OPERATOR_ERRORS,
    },
  },
} satisfies Record<string, OperationDoc>;
