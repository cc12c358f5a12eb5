import { Inject, Injectable } from '@nestjs/common';
import { assertSameAccount, TenantContext } from '@restgw/auth';
import { DeliveredBatch, LogBackend } from '@restgw/log';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LOG_BACKEND } from '../log/log-backend.provider';
import { toDomainError } from '../log/log-errors';
import { StationTopics } from '../stations/station-topics.service';
import { parseConsumeRequest } from './consume-request';

/** Long-polls the station's topic for the caller's consumer group (a deleted station: 404). */
@Injectable()
export class ConsumeService {
  constructor(
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly topics: StationTopics,
  ) {}

  /** `token`: the caller's access token, relayed to the control plane when the station is unknown here. */
  async fetch(tenant: TenantContext, rawStation: string, body: Buffer | undefined, token: string): Promise<DeliveredBatch> {
    const request = parseConsumeRequest(body, this.config.CONSUME_MAX_WAIT_MS);
    assertSameAccount(tenant, request.accountId);
    const station = await this.topics.resolve(tenant, rawStation, token);
    try {
      return await this.log.fetch({
        topic: station.topic,
        group: this.topics.groupFor(tenant, station.name, request.consumerGroup),
        maxRecords: request.batchSize,
        maxWaitMs: request.maxWaitMs,
      });
    } catch (e) {
      throw toDomainError(e);
    }
  }
}
