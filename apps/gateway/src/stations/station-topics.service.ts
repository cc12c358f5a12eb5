import { Inject, Injectable } from '@nestjs/common';
import { TenantContext } from '@restgw/contracts';
import { badRequest } from '@restgw/platform';
import { groupName, NAME_RULE, normalizeName, topicName } from '@restgw/contracts';
import { LogBackend } from '@restgw/message-log';
import { StationView } from '@restgw/contracts';
import { StationResolver } from '@restgw/region-stations';
import { LOG_BACKEND } from '../message-log/log-backend.provider';
import { toDomainError } from '../message-log/log-errors';

const MAX_REMEMBERED_TOPICS = 100_000;

/** A station of the caller's account as a request serves it. */
export interface ResolvedStation {
  name: string;
  topic: string;
  view: StationView;
}

/**
 * Station -> topic for the caller's account (names derived, never taken from
 * users). The station comes from the directory mirror (unknown ones through
 * the control plane's implicit creation); its topic is ensured with the
 * view's partitions once per view version, so the hot path is a map lookup.
 */
@Injectable()
export class StationTopics {
  private readonly ensured = new Map<string, { version: number; ready: Promise<void> }>();

  constructor(
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    private readonly resolver: StationResolver,
  ) {}

  /** 400 for a bad name; 404/403/503 when the station cannot be served; else the station with its topic ensured. */
  async resolve(tenant: TenantContext, rawStation: string, token: string): Promise<ResolvedStation> {
    const name = stationName(rawStation);
    const view = await this.resolver.resolve(tenant.accountId, name, token);
    const topic = topicName(tenant.accountId, name);
    await this.ensure(topic, view);
    return { name, topic, view };
  }

  groupFor(tenant: TenantContext, station: string, group: string): string {
    return groupName(tenant.accountId, station, group);
  }

  private ensure(topic: string, view: StationView): Promise<void> {
    const held = this.ensured.get(topic);
    if (held && held.version === view.version) return held.ready;
    if (!held && this.ensured.size >= MAX_REMEMBERED_TOPICS) this.ensured.clear();
    const entry = {
      version: view.version,
      ready: this.log.ensureTopic({ name: topic, partitions: view.partitions }).catch((e) => {
        if (this.ensured.get(topic) === entry) this.ensured.delete(topic);
        throw toDomainError(e);
      }),
    };
    this.ensured.set(topic, entry);
    return entry.ready;
  }
}

export function stationName(raw: string): string {
  const name = normalizeName(raw);
  if (!name) throw badRequest(`Invalid station name: ${NAME_RULE}`);
  return name;
}
