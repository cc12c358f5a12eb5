import { Inject, Injectable } from '@nestjs/common';
import { TenantContext } from '@restgw/auth';
import { DomainError, ErrorCode } from '@restgw/platform';
import { LogBackend, ProduceRecord } from '@restgw/log';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LOG_BACKEND } from '../log/log-backend.provider';
import { toDomainError } from '../log/log-errors';
import { stationName, StationTopics } from '../stations/station-topics.service';
import { isJsonType, isSingleProduceType } from './content-type';
import { parseBatchBody } from './json-array';
import { headerBytes, messageHeaders } from './message-headers';

export interface ProduceRequest {
  station: string;
  contentType: string | undefined;
  body: Buffer | undefined;
  /** Node's rawHeaders: names as the client spelled them. */
  rawHeaders: string[];
}

export type BatchOutcome =
  | { ok: true }
  | { ok: false; errors: string[]; fail: number; sent: number };

const EMPTY = Buffer.alloc(0);

const unsupportedType = (allowed: string) =>
  new DomainError(ErrorCode.UnsupportedMediaType, `Unsupported Content-Type; use ${allowed}`);

/** Produce use cases: the 200 answer is given only after the log acknowledged the records. */
@Injectable()
export class ProduceService {
  constructor(
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly topics: StationTopics,
  ) {}

  async single(tenant: TenantContext, req: ProduceRequest): Promise<void> {
    if (!isSingleProduceType(req.contentType)) {
      throw unsupportedType('text/*, application/json, application/x-protobuf or application/octet-stream');
    }
    const headers = messageHeaders(req.rawHeaders);
    const value = req.body ?? EMPTY;
    if (value.length + headerBytes(headers) > this.config.MESSAGE_MAX_BYTES) throw this.tooLarge();
    const topic = await this.topics.topicFor(tenant, req.station);
    await this.produce(topic, [{ value, headers }]);
  }

  async batch(tenant: TenantContext, req: ProduceRequest): Promise<BatchOutcome> {
    if (!isJsonType(req.contentType)) throw unsupportedType('application/json');
    const headers = messageHeaders(req.rawHeaders);
    const parsed = parseBatchBody(req.body);
    if (parsed.count > this.config.BATCH_MAX_MESSAGES) {
      throw new DomainError(
        ErrorCode.PayloadTooLarge,
        `A batch holds at most ${this.config.BATCH_MAX_MESSAGES} messages; got ${parsed.count}`,
      );
    }
    if (parsed.count === 0) {
      stationName(req.station); // still 400 for a bad name; nothing to store
      return { ok: true };
    }
    const topic = await this.topics.topicFor(tenant, req.station);

    const room = this.config.MESSAGE_MAX_BYTES - headerBytes(headers);
    const records: ProduceRecord[] = [];
    const errors: string[] = [];
    parsed.elements().forEach((text, index) => {
      const value = Buffer.from(text, 'utf8');
      if (value.length > room) errors.push(`${index}: message is larger than ${this.config.MESSAGE_MAX_BYTES} bytes`);
      else records.push({ value, headers });
    });
    if (records.length) await this.produce(topic, records);
    return errors.length ? { ok: false, errors, fail: errors.length, sent: records.length } : { ok: true };
  }

  private async produce(topic: string, records: ProduceRecord[]): Promise<void> {
    try {
      await this.log.produce(topic, records);
    } catch (e) {
      throw toDomainError(e);
    }
  }

  private tooLarge(): DomainError {
    return new DomainError(ErrorCode.PayloadTooLarge, `The message is larger than ${this.config.MESSAGE_MAX_BYTES} bytes`);
  }
}

