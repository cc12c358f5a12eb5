import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AuditLog } from '@restgw/audit';
import { OperatorGuard } from '../admin/operator.guard';
import { AuditQueryDto } from './audit.dto';
import { ApiDoc } from '@restgw/platform';
import { AUDIT_DOCS } from './audit.openapi';

/** Reading the audit log. Deliberately no route writes, edits or deletes an entry: only the interceptor and the CLI append. */
@Controller('admin/audit')
@UseGuards(OperatorGuard)
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiDoc(AUDIT_DOCS.list)
  list(@Query() q: AuditQueryDto) {
    return this.audit.list({
      actor: q.actor,
      action: q.action,
      target: q.target,
      accountId: q.account === undefined ? undefined : Number(q.account),
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      cursor: q.cursor,
      limit: q.limit === undefined ? undefined : Number(q.limit),
    });
  }
}
