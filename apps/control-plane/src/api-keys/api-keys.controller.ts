import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiKeys } from '@restgw/accounts';
import { auditTarget } from '@restgw/audit';
import { AccountIdPipe } from '../admin/account-id.pipe';
import { OperatorLoginOnly } from '../admin/api-key-access.decorator';
import { AdminRequest, OperatorGuard } from '../admin/operator.guard';
import { Audited } from '../audit/audited.decorator';
import { CreateCustomerKeyDto, CreateOperatorKeyDto } from './api-keys.dto';
import { CUSTOMER_API_KEYS_DOCS, OPERATOR_API_KEYS_DOCS } from './api-keys.openapi';
import { ApiDoc } from '@restgw/platform';

/** Who created a key, as the key list shows it. */
const creator = (req: AdminRequest) => req.operator?.email ?? (req.apiKey ? `api-key:${req.apiKey.prefix}` : 'unknown');

/** Operator API keys: only a logged-in operator manages them (a key cannot mint or revoke keys). */
@Controller('admin/api-keys')
@UseGuards(OperatorGuard)
@OperatorLoginOnly()
export class OperatorApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Audited('api-key.create', (_r, result) => ({ target: auditTarget({ apiKeyId: (result as { id: string }).id }) }))
  @Post()
  @ApiDoc(OPERATOR_API_KEYS_DOCS.create)
  create(@Body() body: CreateOperatorKeyDto, @Req() req: AdminRequest) {
    return this.keys.createOperatorKey({ name: body.name, scopes: body.scopes, expiresAt: body.expires_at }, creator(req));
  }

  @Get()
  @ApiDoc(OPERATOR_API_KEYS_DOCS.list)
  list() {
    return this.keys.list('operator');
  }

  @Audited('api-key.revoke', (r) => ({ target: auditTarget({ apiKeyId: r.params.keyId }) }))
  @Delete(':keyId')
  @HttpCode(204)
  @ApiDoc(OPERATOR_API_KEYS_DOCS.revoke)
  async revoke(@Param('keyId') keyId: string) {
    await this.keys.revoke('operator', keyId);
  }
}

/** Customer API keys of one account (operator token, or an operator key with admin:read / admin:write). */
@Controller('admin/accounts/:id/api-keys')
@UseGuards(OperatorGuard)
export class CustomerApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Audited('customer-key.create', (r, result) => ({
    target: auditTarget({ accountId: r.params.id, apiKeyId: (result as { id: string }).id }),
    accountId: Number(r.params.id),
  }))
  @Post()
  @ApiDoc(CUSTOMER_API_KEYS_DOCS.create)
  create(@Param('id', AccountIdPipe) id: number, @Body() body: CreateCustomerKeyDto, @Req() req: AdminRequest) {
    return this.keys.createCustomerKey(id, { name: body.name, scopes: body.scopes, stations: body.stations, expiresAt: body.expires_at }, creator(req));
  }

  @Get()
  @ApiDoc(CUSTOMER_API_KEYS_DOCS.list)
  list(@Param('id', AccountIdPipe) id: number) {
    return this.keys.list('customer', id);
  }

  @Audited('customer-key.revoke', (r) => ({ target: auditTarget({ accountId: r.params.id, apiKeyId: r.params.keyId }), accountId: Number(r.params.id) }))
  @Delete(':keyId')
  @HttpCode(204)
  @ApiDoc(CUSTOMER_API_KEYS_DOCS.revoke)
  async revoke(@Param('id', AccountIdPipe) id: number, @Param('keyId') keyId: string) {
    await this.keys.revoke('customer', keyId, id);
  }
}
