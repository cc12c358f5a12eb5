import { Inject, Injectable } from '@nestjs/common';
import { AccountLabels, bytesConsumed, messagesConsumed } from '@restgw/platform';
import { assertSameAccount } from '@restgw/access';
import { TenantContext } from '@restgw/contracts';
import { ACK_COMMIT_WAIT_MS, ConsumeCoordinator, Delivery, GroupRef, Routed } from '@restgw/consume';
import { TenantLimiter, UsageMeter } from '@restgw/limits';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { enforce, limitError } from '../limits/limit-errors';
import { toDomainError } from '../message-log/log-errors';
import { stationName, StationTopics } from '../stations/station-topics.service';
import { forwardConsume, ForwardedAnswer } from './consume-forwarder';
import { groupOf, MIN_MAX_WAIT_MS, parseAckRequest, parseConsumeRequest } from './consume-request';

/** How a consume call reached us: the caller's token (relayed when forwarding), forwards so far, and whether the client left. */
export interface CallContext {
  token: string;
  hops: number;
  clientGone: AbortSignal;
}

/**
 * Long-polls the station's topic for the caller's consumer group (a deleted
 * station: 404), on the replica owning the group (ConsumeCoordinator).
 *
 * Limits: requests/s and concurrent consumes are taken where the request
 * enters the region (a forwarded request was admitted by the replica that
 * forwarded it); consume messages/s is reserved for the batch on the replica
 * serving it, and what was not delivered there goes back (a replica that
 * forwarded gives all of it back). Delivered messages are metered where they
 * are delivered.
 */
@Injectable()
export class ConsumeService {
  /** Aborted when the HTTP server starts closing: long polls answer with what they have. */
  private readonly closing = new AbortController();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly topics: StationTopics,
    private readonly coordinator: ConsumeCoordinator,
    private readonly limits: TenantLimiter,
    private readonly meter: UsageMeter,
  ) {
    this.accountLabels = new AccountLabels(config.METRICS_ACCOUNTS);
  }

  private readonly accountLabels: AccountLabels;

  async fetch(tenant: TenantContext, rawStation: string, body: Buffer | undefined, call: CallContext): Promise<Routed<Delivery, ForwardedAnswer>> {
    const request = parseConsumeRequest(body, this.config.CONSUME_MAX_WAIT_MS);
    assertSameAccount(tenant, request.accountId);
    const name = stationName(rawStation);
    const admission = await this.limits.admitConsume(tenant.accountId, name, request.batchSize, call.hops === 0);
    if (admission.rejection) throw limitError(admission.rejection);
    const stop = AbortSignal.any([call.clientGone, this.closing.signal]);
    let delivered = 0;
    try {
      const { ref, path } = await this.route(tenant, rawStation, groupOf(request), call.token, 'batch');
      const batchSize = admission.maxRecords;
      const consume = { consumer: request.consumerName, maxRecords: batchSize, maxWaitMs: request.maxWaitMs, hops: call.hops, signal: this.closing.signal };
      const routed = await this.coordinator.consume(ref, consume, (url, remainingMs) =>
        forwardConsume(
          url,
          path,
          call.token,
          {
            consumer_name: request.consumerName,
            // Absent for the default group (JSON.stringify drops undefined): the owner derives it the same way.
            consumer_group: request.consumerGroup,
            batch_size: batchSize,
            batch_max_wait_time_ms: Math.max(MIN_MAX_WAIT_MS, remainingMs),
          },
          call.hops,
          remainingMs,
          stop,
        ),
      );
      if (routed.local) delivered = this.delivered(tenant.accountId, name, routed.local);
      return routed;
    } catch (e) {
      throw toDomainError(e);
    } finally {
      admission.done(delivered);
    }
  }

  /** The HTTP server is closing: waiting consume requests answer now (an empty batch; nothing is lost). */
  cutLongPolls(): void {
    this.closing.abort();
  }

  /** Explicit acknowledgement; resolves with the number of batches acknowledged (or the owner's answer). */
  async ack(tenant: TenantContext, rawStation: string, body: Buffer | undefined, call: CallContext): Promise<Routed<number, ForwardedAnswer>> {
    const request = parseAckRequest(body);
    assertSameAccount(tenant, request.accountId);
    if (call.hops === 0) await enforce(this.limits.admitRequest(tenant.accountId, stationName(rawStation)));
    const { ref, path } = await this.route(tenant, rawStation, groupOf(request), call.token, 'ack');
    const forwarded = { consumer_name: request.consumerName, consumer_group: request.consumerGroup, batch_id: request.batchId };
    try {
      return await this.coordinator.ack(ref, request.consumerName, request.batchId, call.hops, (url) =>
        forwardConsume(url, path, call.token, forwarded, call.hops, ACK_COMMIT_WAIT_MS, call.clientGone),
      );
    } catch (e) {
      throw toDomainError(e);
    }
  }

  /**
   * Counts what a local delivery hands out, where the records left the log (a
   * forwarded request is counted by the owning replica; a batch delivered
   * again after its visibility timeout counts again): metrics and usage. The
   * consume messages/s budget was taken before (admitConsume).
   */
  private delivered(accountId: number, station: string, delivery: Delivery): number {
    const n = delivery.records.length;
    if (n === 0) return 0;
    let bytes = 0;
    for (const r of delivery.records) bytes += r.value.length;
    const account = this.accountLabels.of(accountId);
    messagesConsumed.inc({ account }, n);
    bytesConsumed.inc({ account }, bytes);
    this.meter.consumed(accountId, station, n, bytes);
    return n;
  }

  private async route(tenant: TenantContext, rawStation: string, group: string, token: string, route: string): Promise<{ ref: GroupRef; path: string }> {
    const station = await this.topics.resolve(tenant, rawStation, token);
    return {
      ref: { topic: station.topic, group: this.topics.groupFor(tenant, station.name, group) },
      path: `/stations/${encodeURIComponent(station.name)}/consume/${route}`,
    };
  }
}
