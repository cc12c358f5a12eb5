import type { AuditEntry, Prisma, PrismaClient } from '@restgw/db';
import { badRequest } from '@restgw/platform';
import type { AuditEntryResponse, AuditPage, AuditQuery, AuditRecord } from './audit-entry';
import { redactSecrets } from './audit-summary';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

const toResponse = (e: AuditEntry): AuditEntryResponse => ({
  id: e.id.toString(),
  at: e.at.toISOString(),
  actor_type: e.actorType,
  actor_id: e.actorId,
  actor: e.actor,
  action: e.action,
  target: e.target,
  account_id: e.accountId,
  summary: e.summary,
  source: e.source,
});

/**
 * The audit log: record() appends, list() reads newest first. There is no
 * method that changes or removes an entry, and the table's trigger refuses
 * UPDATE/DELETE/TRUNCATE (prisma/migrations/*_audit_log).
 */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record(r: AuditRecord): Promise<void> {
    await this.prisma.auditEntry.create({
      data: {
        actorType: r.actor.type,
        actorId: r.actor.id ?? null,
        actor: r.actor.label,
        action: r.action,
        target: r.target,
        accountId: r.accountId ?? null,
        summary: redactSecrets(r.summary) as Prisma.InputJsonValue,
        source: r.source,
      },
    });
  }

  async list(q: AuditQuery): Promise<AuditPage> {
    const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) throw badRequest(`limit must be an integer from 1 to ${AUDIT_PAGE_MAX}`);
    if (q.cursor !== undefined && !/^[1-9][0-9]{0,18}$/.test(q.cursor)) throw badRequest('cursor must be the next_cursor of a previous page');
    const where: Prisma.AuditEntryWhereInput = {
      ...(q.actor !== undefined && { actor: q.actor }),
      ...(q.action !== undefined && { action: q.action }),
      ...(q.accountId !== undefined && { accountId: q.accountId }),
      ...(q.target !== undefined && { OR: [{ target: q.target }, { target: { startsWith: `${q.target}/` } }] }),
      ...((q.from || q.to) && { at: { ...(q.from && { gte: q.from }), ...(q.to && { lt: q.to }) } }),
      ...(q.cursor !== undefined && { id: { lt: BigInt(q.cursor) } }),
    };
    const rows = await this.prisma.auditEntry.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 });
    const page = rows.slice(0, limit);
    return { entries: page.map(toResponse), next_cursor: rows.length > limit ? page[page.length - 1].id.toString() : null };
  }
}
