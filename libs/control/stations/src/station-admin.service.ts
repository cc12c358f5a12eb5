import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, Station } from '@restgw/db';
import type { StationApplyJob, StationResultJob } from '@restgw/contracts';
import { NAME_RULE, normalizeName, topicCollisionKey, topicName } from '@restgw/contracts';
import { badRequest, conflict, forbidden, notFound } from '@restgw/platform';
import { DEFAULT_MAX_MESSAGE_BYTES, SchemaType, StationView } from '@restgw/contracts';
import { checkSchemaDefinition } from './schema-definition.check';
import { StationDirectoryPublisher, StationPolicy } from './station-directory.publisher';
import { toSchemaResponse, toStationResponse, toStationView, WITH_LATEST_SCHEMA } from './station-view';

/** Where station changes go to reach their region's worker (StationJobsProducer in production). */
export interface StationJobSink {
  enqueueApply(regionId: string, job: StationApplyJob): Promise<void>;
}

export interface StationSettings {
  partitions?: number;
  retentionMs?: number | null;
  retentionBytes?: number | null;
  maxMessageBytes?: number;
}

export interface CreateStationCommand extends StationSettings {
  accountId: number;
  regionId: string;
  name: string;
  schemaId?: string | null;
}

export interface CreateSchemaCommand {
  accountId: number;
  name: string;
  type: SchemaType;
  definition: string;
  messageType?: string | null;
}

export const MAX_PARTITIONS = 1000;
export const MAX_MESSAGE_BYTES_LIMIT = 64 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIVE: Station['status'][] = ['provisioning', 'active', 'failed'];

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === 'P2002';

export const implicitCreationDisabled = (name: string) => `Station ${name} does not exist and automatic creation is disabled for this account`;
/** Must not say "already exists": implicitStation retries on that text (a concurrent creation of the same name). */
export const collidingStation = (name: string, rival: string, regionId: string) =>
  `Station ${name} cannot be created beside station ${rival} in region ${regionId}: names that differ only by "." and "_" are one topic name for Kafka`;
/** Must not say "already exists" either (see collidingStation). */
export const regionNotAcceptingStations = (regionId: string, status: string) =>
  `Region ${regionId} is ${status}: no new stations are created there (existing ones are ${status === 'disabled' ? 'not served' : 'still served'})`;
export const quotaReached = (quota: number, accountId: number) => `Station quota of ${quota} reached for account ${accountId}`;

/**
 * Operator and gateway use cases on stations, schemas and the station policy.
 * The database is the truth. Every station change bumps the station's version,
 * enqueues the whole desired state on its region's queue and publishes the
 * station's view to the region's directory.
 */
export class StationAdmin {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly directory: StationDirectoryPublisher,
    private readonly jobs: StationJobSink,
  ) {}

  // ---- stations ----------------------------------------------------------

  async createStation(cmd: CreateStationCommand) {
    const name = stationName(cmd.name);
    const settings = checkSettings(cmd);
    await this.account(cmd.accountId);
    const region = await this.prisma.region.findUnique({ where: { id: cmd.regionId } });
    if (!region) throw notFound(`Region ${cmd.regionId} not found`);
    if (cmd.schemaId) await this.schema(cmd.accountId, cmd.schemaId);
    const station = await this.insertStation(cmd.accountId, cmd.regionId, name, { ...settings, schemaId: cmd.schemaId ?? null }, true);
    return toStationResponse(await this.commit(station.id));
  }

  async listStations(accountId: number) {
    await this.account(accountId);
    const rows = await this.prisma.station.findMany({ where: { accountId }, orderBy: [{ regionId: 'asc' }, { name: 'asc' }] });
    return rows.map(toStationResponse);
  }

  async getStation(accountId: number, regionId: string, name: string) {
    return toStationResponse(await this.station(accountId, regionId, name));
  }

  /** Partitions can only grow (Kafka cannot shrink a topic). */
  async updateStation(accountId: number, regionId: string, name: string, input: StationSettings) {
    const current = await this.liveStation(accountId, regionId, name);
    const s = checkSettings(input);
    if (s.partitions !== undefined && s.partitions < current.partitions) {
      throw badRequest(`partitions can only increase (station ${current.name} has ${current.partitions})`);
    }
    const data: Prisma.StationUncheckedUpdateManyInput = {};
    if (s.partitions !== undefined) data.partitions = s.partitions;
    if (input.retentionMs !== undefined) data.retentionMs = s.retentionMs === null ? null : BigInt(s.retentionMs!);
    if (input.retentionBytes !== undefined) data.retentionBytes = s.retentionBytes === null ? null : BigInt(s.retentionBytes!);
    if (s.maxMessageBytes !== undefined) data.maxMessageBytes = s.maxMessageBytes;
    return toStationResponse(await this.change(current, data));
  }

  /** The topic is deleted by the region worker; the status turns deleted when it confirms. */
  async deleteStation(accountId: number, regionId: string, name: string) {
    const current = await this.station(accountId, regionId, name);
    if (current.status === 'deleted' || current.status === 'deleting') return toStationResponse(current);
    return toStationResponse(await this.change(current, { status: 'deleting' }));
  }

  async attachSchema(accountId: number, regionId: string, name: string, schemaId: string) {
    const current = await this.liveStation(accountId, regionId, name);
    await this.schema(accountId, schemaId);
    return toStationResponse(await this.change(current, { schemaId }));
  }

  async detachSchema(accountId: number, regionId: string, name: string) {
    const current = await this.liveStation(accountId, regionId, name);
    return toStationResponse(await this.change(current, { schemaId: null }));
  }

  /**
   * A gateway met an unknown station on produce/consume (the caller's token
   * was verified): returns the existing live station, or creates it when the
   * account's policy and quota allow. `created` tells 201 from 200.
   */
  async implicitStation(accountId: number, regionId: string, rawName: string): Promise<{ created: boolean; view: StationView }> {
    const enabled = await this.prisma.accountRegion.findUnique({ where: { accountId_regionId: { accountId, regionId } } });
    if (!enabled) throw forbidden(`Account ${accountId} is not enabled in region ${regionId}`);
    const name = stationName(rawName);
    const existing = await this.prisma.station.findUnique({ where: { accountId_regionId_name: { accountId, regionId, name } }, include: WITH_LATEST_SCHEMA });
    if (existing) {
      if (!LIVE.includes(existing.status)) throw notFound(`Station ${name} was deleted; an operator can create it again`);
      return { created: false, view: toStationView(existing) };
    }
    const account = await this.account(accountId);
    if (!account.autoCreateStations) throw notFound(implicitCreationDisabled(name));
    let station: Station;
    try {
      station = await this.insertStation(accountId, regionId, name, { schemaId: null }, false);
    } catch (e) {
      // Another gateway created it at the same moment.
      if (isUniqueViolation(e) || (e instanceof Error && /already exists/.test(e.message))) return this.implicitStation(accountId, regionId, name);
      throw e;
    }
    const committed = await this.commit(station.id);
    return { created: true, view: toStationView(committed) };
  }

  // ---- policy ----------------------------------------------------------

  async setStationPolicy(accountId: number, input: { autoCreate: boolean; stationQuota: number }) {
    if (typeof input.autoCreate !== 'boolean') throw badRequest('auto_create must be true or false');
    if (!Number.isSafeInteger(input.stationQuota) || input.stationQuota < 0) throw badRequest('station_quota must be an integer >= 0');
    await this.account(accountId);
    const account = await this.prisma.account.update({
      where: { id: accountId },
      data: { autoCreateStations: input.autoCreate, stationQuota: input.stationQuota },
      include: { regions: { select: { regionId: true } } },
    });
    for (const r of account.regions) await this.directory.publishPolicy(r.regionId, accountId, policyOf(account));
    return { account_id: accountId, auto_create: account.autoCreateStations, station_quota: account.stationQuota };
  }

  async getStationPolicy(accountId: number) {
    const account = await this.account(accountId);
    const live = await this.prisma.station.count({ where: { accountId, status: { in: LIVE } } });
    return { account_id: accountId, auto_create: account.autoCreateStations, station_quota: account.stationQuota, stations: live };
  }

  /** After an account is enabled in a region (or disabled), its policy entry follows. */
  async publishPolicy(accountId: number, regionId: string, enabled: boolean): Promise<void> {
    if (!enabled) return this.directory.removePolicy(regionId, accountId);
    const account = await this.account(accountId);
    await this.directory.publishPolicy(regionId, accountId, policyOf(account));
  }

  // ---- schemas ---------------------------------------------------------

  async createSchema(cmd: CreateSchemaCommand) {
    const name = normalizeName(String(cmd.name ?? ''));
    if (!name) throw badRequest(`Invalid schema name: ${NAME_RULE}`);
    if (cmd.type !== 'json' && cmd.type !== 'protobuf') throw badRequest('type must be "json" or "protobuf"');
    const messageType = checkSchemaDefinition(cmd.type, cmd.definition, cmd.messageType);
    await this.account(cmd.accountId);
    try {
      const schema = await this.prisma.schema.create({
        data: {
          id: randomUUID(),
          accountId: cmd.accountId,
          name,
          type: cmd.type,
          versions: { create: { id: randomUUID(), version: 1, definition: cmd.definition, messageType } },
        },
        include: { versions: { orderBy: { version: 'asc' } } },
      });
      return toSchemaResponse(schema);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`Schema ${name} already exists in account ${cmd.accountId}`);
      throw e;
    }
  }

  /** The new version applies at once to every station the schema is attached to. */
  async addSchemaVersion(accountId: number, schemaId: string, input: { definition: string; messageType?: string | null }) {
    const schema = await this.schema(accountId, schemaId);
    const messageType = checkSchemaDefinition(schema.type, input.definition, input.messageType);
    for (let attempt = 0; ; attempt++) {
      const last = await this.prisma.schemaVersion.findFirst({ where: { schemaId: schema.id }, orderBy: { version: 'desc' } });
      try {
        await this.prisma.schemaVersion.create({
          data: { id: randomUUID(), schemaId: schema.id, version: (last?.version ?? 0) + 1, definition: input.definition, messageType },
        });
        break;
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
    const users = await this.prisma.station.findMany({ where: { accountId, schemaId: schema.id, status: { in: LIVE } } });
    for (const s of users) await this.change(s, {});
    return this.getSchema(accountId, schemaId);
  }

  async listSchemas(accountId: number) {
    await this.account(accountId);
    const rows = await this.prisma.schema.findMany({ where: { accountId }, orderBy: { name: 'asc' }, include: { versions: { orderBy: { version: 'asc' } } } });
    return rows.map(toSchemaResponse);
  }

  async getSchema(accountId: number, schemaId: string) {
    await this.schema(accountId, schemaId);
    const schema = await this.prisma.schema.findFirstOrThrow({ where: { id: schemaId, accountId }, include: { versions: { orderBy: { version: 'asc' } } } });
    return toSchemaResponse(schema);
  }

  // ---- region results and republication ---------------------------------

  /** A region worker's report; outcomes for an older version than the station's are ignored. */
  async applyResult(r: StationResultJob): Promise<boolean> {
    const status = r.outcome === 'failed' ? 'failed' : r.outcome === 'deleted' ? 'deleted' : 'active';
    const { count } = await this.prisma.station.updateMany({
      where: { id: r.stationId, accountId: r.accountId, version: r.version },
      data: { status, lastError: r.outcome === 'failed' ? (r.error ?? 'unknown error').slice(0, 2000) : null },
    });
    if (count === 0) return false;
    const station = await this.prisma.station.findFirstOrThrow({ where: { id: r.stationId, accountId: r.accountId }, include: WITH_LATEST_SCHEMA });
    await this.directory.publishStation(station.regionId, toStationView(station));
    return true;
  }

  /**
   * Rewrites every region's directory and policies from the database, and
   * re-enqueues the changes still in flight (duplicates of kept jobs are no-ops).
   */
  async republishAll(): Promise<void> {
    const regions = await this.prisma.region.findMany({ select: { id: true } });
    for (const { id: regionId } of regions) {
      const heldBefore = await this.directory.heldFields(regionId);
      const stations = await this.prisma.station.findMany({ where: { regionId }, include: WITH_LATEST_SCHEMA });
      const links = await this.prisma.accountRegion.findMany({ where: { regionId }, include: { account: true } });
      const policies = new Map(links.map((l) => [l.accountId, policyOf(l.account)] as const));
      await this.directory.replaceRegion(regionId, stations.map(toStationView), policies, heldBefore);
      for (const s of stations) if (s.status === 'provisioning' || s.status === 'deleting') await this.jobs.enqueueApply(regionId, applyJob(s));
    }
  }

  /** Registered regions whose station directory is not (any more) published in the state store. */
  async unpublishedRegions(): Promise<string[]> {
    const regions = await this.prisma.region.findMany({ select: { id: true } });
    return this.directory.unpublishedRegions(regions.map((r) => r.id));
  }

  // ---- internals -------------------------------------------------------

  /** Inserts (or revives a deleted row) under the account's row lock, so the quota holds under concurrency. */
  private async insertStation(
    accountId: number,
    regionId: string,
    name: string,
    s: StationSettings & { schemaId: string | null },
    reviveDeleted: boolean,
  ): Promise<Station> {
    return this.prisma.$transaction(async (tx) => {
      const [account] = await tx.$queryRaw<{ station_quota: number }[]>`SELECT station_quota FROM accounts WHERE id = ${accountId} FOR UPDATE`;
      // Shared lock: a status change waits for this creation, so none slips in after a region started draining.
      const [region] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM regions WHERE id = ${regionId} FOR SHARE`;
      if (!region) throw notFound(`Region ${regionId} not found`);
      if (region.status !== 'active') throw conflict(regionNotAcceptingStations(regionId, region.status));
      const existing = await tx.station.findUnique({ where: { accountId_regionId_name: { accountId, regionId, name } } });
      if (existing && !(reviveDeleted && existing.status === 'deleted')) {
        throw conflict(existing.status === 'deleting' ? `Station ${name} is being deleted; try again when its status is deleted` : `Station ${name} already exists in region ${regionId}`);
      }
      // Kafka refuses the topic of a name that differs from another only by "." and "_"; the embedded log too.
      const [rival] = await tx.$queryRaw<{ name: string }[]>`
        SELECT name FROM stations
        WHERE account_id = ${accountId} AND region_id = ${regionId} AND status <> 'deleted'
          AND name <> ${name} AND replace(name, '.', '_') = ${topicCollisionKey(name)}
        LIMIT 1`;
      if (rival) throw conflict(collidingStation(name, rival.name, regionId));
      const live = await tx.station.count({ where: { accountId, status: { in: LIVE } } });
      if (live >= account.station_quota) throw forbidden(quotaReached(account.station_quota, accountId));
      const data = {
        partitions: s.partitions ?? 1,
        retentionMs: s.retentionMs == null ? null : BigInt(s.retentionMs),
        retentionBytes: s.retentionBytes == null ? null : BigInt(s.retentionBytes),
        maxMessageBytes: s.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        schemaId: s.schemaId,
        status: 'provisioning' as const,
        lastError: null,
      };
      if (existing) {
        return tx.station.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
      }
      return tx.station.create({ data: { id: randomUUID(), accountId, regionId, name, ...data } });
    });
  }

  /** Bumps the version (compare-and-swap on it), then enqueues and publishes. */
  private async change(current: Station, data: Prisma.StationUncheckedUpdateManyInput): Promise<Station> {
    const next: Prisma.StationUncheckedUpdateManyInput = { ...data, version: current.version + 1 };
    // A failed station is retried by any change.
    if (current.status === 'failed' && data.status === undefined) next.status = 'provisioning';
    const { count } = await this.prisma.station.updateMany({ where: { id: current.id, accountId: current.accountId, version: current.version }, data: next });
    if (count === 0) throw conflict(`Station ${current.name} changed concurrently; try again`);
    return this.commit(current.id);
  }

  private async commit(stationId: string) {
    const station = await this.prisma.station.findUniqueOrThrow({ where: { id: stationId }, include: WITH_LATEST_SCHEMA });
    await this.jobs.enqueueApply(station.regionId, applyJob(station));
    await this.directory.publishStation(station.regionId, toStationView(station));
    return station;
  }

  private async account(accountId: number) {
    const account = await this.prisma.account.findUnique({ where: { id: accountId } });
    if (!account) throw notFound(`Account ${accountId} not found`);
    return account;
  }

  private async station(accountId: number, regionId: string, rawName: string): Promise<Station> {
    const name = normalizeName(String(rawName ?? ''));
    const station = name ? await this.prisma.station.findUnique({ where: { accountId_regionId_name: { accountId, regionId, name } } }) : null;
    if (!station) throw notFound(`Station ${rawName} not found in region ${regionId} for account ${accountId}`);
    return station;
  }

  private async liveStation(accountId: number, regionId: string, name: string): Promise<Station> {
    const s = await this.station(accountId, regionId, name);
    if (!LIVE.includes(s.status)) throw conflict(`Station ${s.name} is ${s.status}`);
    return s;
  }

  private async schema(accountId: number, schemaId: string) {
    const schema = UUID.test(String(schemaId)) ? await this.prisma.schema.findFirst({ where: { id: schemaId, accountId } }) : null;
    if (!schema) throw notFound(`Schema ${schemaId} not found in account ${accountId}`);
    return schema;
  }
}

function stationName(raw: unknown): string {
  const name = normalizeName(String(raw ?? ''));
  if (!name) throw badRequest(`Invalid station name: ${NAME_RULE}`);
  return name;
}

function policyOf(a: { autoCreateStations: boolean; stationQuota: number }): StationPolicy {
  return { autoCreate: a.autoCreateStations, stationQuota: a.stationQuota };
}

function checkSettings(s: StationSettings): StationSettings {
  const intIn = (v: unknown, label: string, min: number, max: number) => {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw badRequest(`${label} must be an integer from ${min} to ${max}`);
  };
  intIn(s.partitions, 'partitions', 1, MAX_PARTITIONS);
  intIn(s.maxMessageBytes, 'max_message_bytes', 1024, MAX_MESSAGE_BYTES_LIMIT);
  // -1 is Kafka's "unlimited"; null means the broker's default.
  if (s.retentionMs !== null) intIn(s.retentionMs, 'retention_ms', -1, Number.MAX_SAFE_INTEGER);
  if (s.retentionBytes !== null) intIn(s.retentionBytes, 'retention_bytes', -1, Number.MAX_SAFE_INTEGER);
  return s;
}

export function applyJob(s: Station): StationApplyJob {
  return {
    stationId: s.id,
    accountId: s.accountId,
    station: s.name,
    topic: topicName(s.accountId, s.name),
    partitions: s.partitions,
    retentionMs: s.retentionMs === null ? null : Number(s.retentionMs),
    retentionBytes: s.retentionBytes === null ? null : Number(s.retentionBytes),
    maxMessageBytes: s.maxMessageBytes,
    version: s.version,
    deleted: s.status === 'deleting' || s.status === 'deleted',
  };
}
