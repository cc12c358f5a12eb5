import { Inject, Injectable } from '@nestjs/common';
import { TenantContext } from '@restgw/contracts';
import { AccountLabels, badRequest, brokerDuration, bytesProduced, dependencyErrors, DomainError, ErrorCode, messagesProduced } from '@restgw/platform';
import { LogBackend, ProduceRecord } from '@restgw/message-log';
import { DEFAULT_MAX_MESSAGE_BYTES, StationView } from '@restgw/contracts';
import { schemaFailure, SchemaValidator, SchemaValidators } from '@restgw/region-stations';
import { TenantLimiter, UsageMeter } from '@restgw/limits';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { enforce } from '../limits/limit-errors';
import { LOG_BACKEND } from '../message-log/log-backend.provider';
import { toDomainError } from '../message-log/log-errors';
import { stationName, StationTopics } from '../stations/station-topics.service';
import { isJsonType, isSingleProduceType } from './content-type';
import { parseBatchBody } from './json-array';
import { HeaderPolicy } from './header-policy';
import { headerBytes, messageHeaders } from './message-headers';

export interface ProduceRequest {
  station: string;
  contentType: string | undefined;
  body: Buffer | undefined;
  /** Node's rawHeaders: names as the client spelled them. */
  rawHeaders: string[];
  /** The caller's access token, relayed to the control plane when the station is unknown here. */
  token: string;
}

export type BatchOutcome =
  | { ok: true }
  | { ok: false; errors: string[]; fail: number; sent: number };

const EMPTY = Buffer.alloc(0);

const unsupportedType = (allowed: string) =>
  new DomainError(ErrorCode.UnsupportedMediaType, `Unsupported Content-Type; use ${allowed}`);

/**
 * Produce use cases: the 200 answer is given only after the log acknowledged
 * the records. The station's view sets the size limit and the schema; a
 * station without schema costs no parsing. The account's limits are checked
 * before the station is resolved (a request counts by its messages and
 * payload bytes); what the log stored is metered.
 */
@Injectable()
export class ProduceService {
  private readonly headerPolicy: HeaderPolicy;

  constructor(
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly topics: StationTopics,
    private readonly validators: SchemaValidators,
    private readonly limits: TenantLimiter,
    private readonly meter: UsageMeter,
  ) {
    this.accountLabels = new AccountLabels(config.METRICS_ACCOUNTS);
    this.headerPolicy = new HeaderPolicy({ drop: config.MESSAGE_HEADERS_DROP, allow: config.MESSAGE_HEADERS_ALLOW });
  }

  private readonly accountLabels: AccountLabels;

  async single(tenant: TenantContext, req: ProduceRequest): Promise<void> {
    if (!isSingleProduceType(req.contentType)) {
      throw unsupportedType('a type containing text or application/json, application/x-protobuf or application/octet-stream');
    }
    const headers = messageHeaders(req.rawHeaders, this.headerPolicy);
    const value = req.body ?? EMPTY;
    const size = value.length + headerBytes(headers);
    // The gateway-wide cap first: an oversized body never creates a station.
    if (size > this.config.MESSAGE_MAX_BYTES) throw tooLarge(this.config.MESSAGE_MAX_BYTES);
    await enforce(this.limits.admitProduce(tenant.accountId, stationName(req.station), 1, value.length));
    const station = await this.topics.resolve(tenant, req.station, req.token);
    const limit = this.maxBytes(station.view);
    if (size > limit) throw tooLarge(limit);
    const validator = this.validatorOf(station.view);
    if (validator) {
      const problem = validator.validateBody(value);
      if (problem !== null) throw badRequest(schemaFailure(validator.type === 'protobuf' ? protobufHint(problem, req.contentType) : problem));
    }
    await this.produce(tenant, station.name, station.topic, [{ value, headers }]);
  }

  async batch(tenant: TenantContext, req: ProduceRequest): Promise<BatchOutcome> {
    if (!isJsonType(req.contentType)) throw unsupportedType('a type containing application/json');
    const headers = messageHeaders(req.rawHeaders, this.headerPolicy);
    const parsed = parseBatchBody(req.body);
    if (parsed.count > this.config.BATCH_MAX_MESSAGES) {
      throw new DomainError(
        ErrorCode.PayloadTooLarge,
        `A batch holds at most ${this.config.BATCH_MAX_MESSAGES} messages; got ${parsed.count}`,
      );
    }
    const name = stationName(req.station); // 400 for a bad name, even with nothing to store
    if (parsed.count === 0) return { ok: true };
    let requested = 0;
    for (const element of parsed.elements) requested += element.length;
    await enforce(this.limits.admitProduce(tenant.accountId, name, parsed.count, requested));
    const station = await this.topics.resolve(tenant, req.station, req.token);
    const validator = this.validatorOf(station.view);
    if (validator?.type === 'protobuf') {
      throw badRequest(
        `Station ${station.name} has a Protobuf schema (${validator.messageType}): produce/batch takes JSON messages; send each message with produce/single and Content-Type application/x-protobuf`,
      );
    }

    const limit = this.maxBytes(station.view);
    const room = limit - headerBytes(headers);
    const records: ProduceRecord[] = [];
    const errors: string[] = [];
    parsed.elements.forEach((value, index) => {
      if (value.length > room) {
        errors.push(`${index}: message is larger than ${limit} bytes`);
        return;
      }
      const problem = validator ? validator.validateValue(parsed.values[index]) : null;
      if (problem !== null) errors.push(`${index}: ${schemaFailure(problem)}`);
      else records.push({ value, headers });
    });
    if (records.length) await this.produce(tenant, station.name, station.topic, records);
    return errors.length ? { ok: false, errors, fail: errors.length, sent: records.length } : { ok: true };
  }

  /** The station's limit, never above the gateway's own (kept under the broker's). */
  private maxBytes(view: StationView): number {
    return Math.min(view.maxMessageBytes || DEFAULT_MAX_MESSAGE_BYTES, this.config.MESSAGE_MAX_BYTES);
  }

  private validatorOf(view: StationView): SchemaValidator | null {
    return view.schema ? this.validators.for(view.schema) : null;
  }

  /** Stores the records; what the log took is counted (metrics, and the account's usage for the station). */
  private async produce(tenant: TenantContext, station: string, topic: string, records: ProduceRecord[]): Promise<void> {
    const timer = brokerDuration.startTimer({ operation: 'produce' });
    try {
      await this.log.produce(topic, records);
    } catch (e) {
      timer({ outcome: 'error' });
      dependencyErrors.inc({ dependency: 'broker' });
      throw toDomainError(e);
    }
    timer({ outcome: 'ok' });
    let bytes = 0;
    for (const r of records) bytes += r.value.length;
    const account = this.accountLabels.of(tenant.accountId);
    messagesProduced.inc({ account }, records.length);
    bytesProduced.inc({ account }, bytes);
    this.meter.produced(tenant.accountId, station, records.length, bytes);
  }
}

const tooLarge = (limit: number) => new DomainError(ErrorCode.PayloadTooLarge, `The message is larger than ${limit} bytes`);

/** A JSON or text body refused by a Protobuf station: say what to send instead. */
function protobufHint(problem: string, contentType: string | undefined): string {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/json') || ct.startsWith('text/')) {
    return `${problem}; this station takes binary Protobuf messages with Content-Type application/x-protobuf`;
  }
  return problem;
}
