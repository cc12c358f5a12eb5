import { Inject, Injectable } from '@nestjs/common';
import { TenantContext } from '@restgw/auth';
import { badRequest } from '@restgw/platform';
import { groupName, LogBackend, NAME_RULE, normalizeName, topicName } from '@restgw/log';
import { LOG_BACKEND } from '../log/log-backend.provider';
import { toDomainError } from '../log/log-errors';

const MAX_REMEMBERED_TOPICS = 100_000;

/**
 * Station -> topic for the caller's account (names derived, never taken from
 * users), creating the topic on first use. Each topic is ensured once per process.
 */
@Injectable()
export class StationTopics {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(@Inject(LOG_BACKEND) private readonly log: LogBackend) {}

  /** Validates the station name (400) and returns its existing or new topic. */
  async topicFor(tenant: TenantContext, rawStation: string): Promise<string> {
    const station = stationName(rawStation);
    const topic = topicName(tenant.accountId, station);
    await this.ensure(topic);
    return topic;
  }

  groupFor(tenant: TenantContext, rawStation: string, group: string): string {
    return groupName(tenant.accountId, stationName(rawStation), group);
  }

  private ensure(topic: string): Promise<void> {
    let ready = this.ensured.get(topic);
    if (!ready) {
      if (this.ensured.size >= MAX_REMEMBERED_TOPICS) this.ensured.clear();
      ready = this.log.ensureTopic({ name: topic }).catch((e) => {
        this.ensured.delete(topic);
        throw toDomainError(e);
      });
      this.ensured.set(topic, ready);
    }
    return ready;
  }
}

export function stationName(raw: string): string {
  const name = normalizeName(raw);
  if (!name) throw badRequest(`Invalid station name: ${NAME_RULE}`);
  return name;
}
