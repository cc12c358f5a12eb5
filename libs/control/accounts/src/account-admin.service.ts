import type { AccountStatus, Prisma, PrismaClient, RegionStatus } from '@restgw/db';
import { AccessStatePublisher } from './tokens/access-state.publisher';
import { badRequest, conflict, notFound } from '@restgw/platform';
import { PasswordHasher } from './password-hasher';
import { ApiKeys } from './api-keys/api-keys.service';

const REGION_ID = /^[a-z0-9]+-[a-z0-9-]+$/;
const USERNAME = /^[A-Za-z0-9_.@-]{1,128}$/;
const MIN_PASSWORD = 8;

/** Revocation point for "every token issued until now": the next whole second. */
const revocationPoint = () => Math.floor(Date.now() / 1000) + 1;

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'P2002';
}

export interface AccountSearch {
  search?: string;
  status?: AccountStatus;
  offset?: number;
  /** Absent: every match. */
  limit?: number;
  sort?: 'id' | 'name' | 'created_at' | 'status';
  order?: 'asc' | 'desc';
}

/** A region as written through the admin API: no server-side fields, so read-back equals the request. */
const regionView = (r: { id: string; url: string; status: RegionStatus }) => ({ id: r.id, url: r.url, status: r.status });

const WITH_REGIONS = { regions: { select: { regionId: true, region: { select: { url: true, status: true } } }, orderBy: { regionId: 'asc' } } } as const;

/** The regions an account is enabled in, each with the URL its customers call (and the region's status). */
const withRegionUrls = <A extends { regions: Array<{ regionId: string; region: { url: string; status: RegionStatus } }> }>(a: A) => ({
  ...a,
  regions: a.regions.map((r) => ({ regionId: r.regionId, url: r.region.url, status: r.region.status })),
});

/**
 * Operator use cases on accounts, users and regions. Every change that
 * affects access is mirrored to the gateways through AccessStatePublisher.
 */
export class AccountAdmin {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hasher: PasswordHasher,
    private readonly access: AccessStatePublisher,
    private readonly apiKeys: ApiKeys,
  ) {}

  async registerRegion(input: { id: string; url: string; status?: RegionStatus }) {
    if (!REGION_ID.test(input.id)) throw badRequest('Region id must look like <cloud>-<region>, e.g. aws-eu-central-1 (lowercase letters, digits, dashes)');
    try {
      new URL(input.url);
    } catch {
      throw badRequest('Region url must be an absolute URL');
    }
    const region = await this.prisma.region.upsert({
      where: { id: input.id },
      create: { id: input.id, url: input.url, status: input.status ?? 'active' },
      update: { url: input.url, status: input.status ?? 'active' },
    });
    // The gateways apply the status within moments (draining, disabled: see RegionStatus).
    await this.access.setRegionStatus(region.id, region.status);
    return region;
  }

  /**
   * Infrastructure as code (PUT /admin/regions/:id): the body is the whole
   * desired state (status defaults to active), stored as given, and the answer
   * is exactly what a later GET returns, so a re-applied plan sees no drift.
   */
  async putRegion(id: string, input: { url: string; status?: RegionStatus }) {
    const region = await this.registerRegion({ id, url: input.url, status: input.status });
    return regionView(region);
  }

  async getRegion(id: string) {
    const region = await this.prisma.region.findUnique({ where: { id } });
    if (!region) throw notFound(`Region ${id} not found`);
    return regionView(region);
  }

  /** Refused while an account is enabled in the region or a station (not deleted) lives there: deleting would orphan them. */
  async deleteRegion(id: string) {
    await this.getRegion(id);
    const [accounts, stations] = await Promise.all([
      this.prisma.accountRegion.count({ where: { regionId: id } }),
      this.prisma.station.count({ where: { regionId: id, status: { not: 'deleted' } } }),
    ]);
    if (accounts || stations) throw conflict(`Region ${id} is in use by ${accounts} account(s) and ${stations} station(s)`);
    await this.prisma.region.delete({ where: { id } });
  }

  listRegions() {
    return this.prisma.region.findMany({ orderBy: { id: 'asc' } });
  }

  createAccount(input: { name: string; maxTokenMinutes?: number; maxRefreshMinutes?: number }) {
    if (!input.name?.trim()) throw badRequest('Account name is required');
    return this.prisma.account.create({
      data: { name: input.name.trim(), maxTokenMinutes: input.maxTokenMinutes, maxRefreshMinutes: input.maxRefreshMinutes },
    });
  }

  async listAccounts() {
    const accounts = await this.prisma.account.findMany({ orderBy: { id: 'asc' }, include: WITH_REGIONS });
    return accounts.map(withRegionUrls);
  }

  /**
   * One page of accounts and how many match: `search` is a case-insensitive
   * part of the name, or an account id (exact); ties in the sort order are
   * broken by id so pages never overlap.
   */
  async searchAccounts(q: AccountSearch) {
    const where: Prisma.AccountWhereInput = {};
    const search = q.search?.trim();
    if (search) {
      where.OR = [{ name: { contains: search, mode: 'insensitive' } }, ...(/^[1-9][0-9]{0,9}$/.test(search) && Number(search) <= 2147483647 ? [{ id: Number(search) }] : [])];
    }
    if (q.status) where.status = q.status;
    const field = q.sort === 'created_at' ? 'createdAt' : (q.sort ?? 'id');
    const orderBy: Prisma.AccountOrderByWithRelationInput[] = [{ [field]: q.order ?? 'asc' }, ...(field === 'id' ? [] : [{ id: q.order ?? 'asc' }])];
    const [items, total] = await Promise.all([
      this.prisma.account.findMany({ where, orderBy, skip: q.offset ?? 0, take: q.limit, include: WITH_REGIONS }),
      this.prisma.account.count({ where }),
    ]);
    return { items: items.map(withRegionUrls), total };
  }

  async getAccount(accountId: number) {
    const account = await this.prisma.account.findUnique({ where: { id: accountId }, include: WITH_REGIONS });
    if (!account) throw notFound(`Account ${accountId} not found`);
    return withRegionUrls(account);
  }

  async setAccountStatus(accountId: number, status: AccountStatus) {
    await this.getAccount(accountId);
    const data: Prisma.AccountUpdateInput = { status };
    const notBefore = revocationPoint();
    if (status === 'suspended') data.tokensValidFrom = notBefore;
    const account = await this.prisma.account.update({ where: { id: accountId }, data });
    if (status === 'suspended') await this.access.revokeAccountTokens(accountId, notBefore);
    return account;
  }

  async setRegionEnabled(accountId: number, regionId: string, enabled: boolean) {
    await this.getAccount(accountId);
    const region = await this.prisma.region.findUnique({ where: { id: regionId } });
    if (!region) throw notFound(`Region ${regionId} not found; register it first`);
    if (enabled) {
      await this.prisma.accountRegion.upsert({
        where: { accountId_regionId: { accountId, regionId } },
        create: { accountId, regionId },
        update: {},
      });
    } else {
      await this.prisma.accountRegion.deleteMany({ where: { accountId, regionId } });
    }
    await this.access.setRegionAccount(regionId, accountId, enabled);
    return this.getAccount(accountId);
  }

  async createUser(accountId: number, input: { username: string; password: string }) {
    await this.getAccount(accountId);
    if (typeof input.username !== 'string' || !USERNAME.test(input.username)) {
      throw badRequest('username must be 1-128 characters of letters, digits, "_", ".", "@" and "-"');
    }
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD) {
      throw badRequest(`password must be at least ${MIN_PASSWORD} characters`);
    }
    try {
      const user = await this.prisma.appUser.create({
        data: { accountId, username: input.username, passwordHash: await this.hasher.hash(input.password) },
      });
      return this.publicUser(user);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`User ${input.username} already exists in account ${accountId}`);
      throw e;
    }
  }

  async listUsers(accountId: number) {
    await this.getAccount(accountId);
    const users = await this.prisma.appUser.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
    return users.map((u) => this.publicUser(u));
  }

  /** Disabling also revokes every token the user holds; enabling lets them log in again. */
  async setUserDisabled(accountId: number, username: string, disabled: boolean) {
    const user = await this.findUser(accountId, username);
    const notBefore = revocationPoint();
    const updated = await this.prisma.appUser.update({
      where: { id: user.id },
      data: disabled ? { disabled, tokensValidFrom: notBefore } : { disabled },
    });
    if (disabled) await this.access.revokeUserTokens(user.id, notBefore);
    return this.publicUser(updated);
  }

  /** Operator revocation: every token issued to the user so far stops working; the user may log in again. */
  async revokeUserTokens(accountId: number, username: string) {
    const user = await this.findUser(accountId, username);
    const notBefore = revocationPoint();
    await this.prisma.appUser.update({ where: { id: user.id }, data: { tokensValidFrom: notBefore } });
    await this.prisma.loginSession.updateMany({
      where: { accountId, userId: user.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: 'operator' },
    });
    await this.access.revokeUserTokens(user.id, notBefore);
  }

  /** Sets a new password and, like revoke-tokens, ends every token and session the user holds. */
  async resetUserPassword(accountId: number, username: string, password: string) {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD) throw badRequest(`password must be at least ${MIN_PASSWORD} characters`);
    const user = await this.findUser(accountId, username);
    await this.prisma.appUser.update({ where: { id: user.id }, data: { passwordHash: await this.hasher.hash(password) } });
    await this.revokeUserTokens(accountId, username);
  }

  /**
   * Rewrites the gateways' access state from the database (the source of
   * truth) in one transaction with every region's `published` marker: the
   * store may have restarted empty. The store's region members are read
   * before the database, so only members the database had already dropped
   * are removed.
   */
  async republishAccessState(): Promise<void> {
    const regions = await this.prisma.region.findMany({ select: { id: true, status: true } });
    const heldBefore = await this.access.regionMembers(regions.map((r) => r.id));
    const links = await this.prisma.accountRegion.findMany();
    const regionAccounts = new Map<string, number[]>(regions.map((r) => [r.id, []]));
    for (const l of links) regionAccounts.get(l.regionId)?.push(l.accountId);
    const users = await this.prisma.appUser.findMany({ where: { tokensValidFrom: { gt: 0 } }, select: { id: true, tokensValidFrom: true } });
    const accounts = await this.prisma.account.findMany({ where: { tokensValidFrom: { gt: 0 } }, select: { id: true, tokensValidFrom: true } });
    const sessions = await this.prisma.loginSession.findMany({
      where: { revokedAt: { not: null }, expiresAt: { gt: new Date() } },
      select: { id: true, expiresAt: true },
    });
    const keys = await this.apiKeys.publishedState();
    await this.access.publishAll(
      {
        ...keys,
        regionAccounts,
        regionStatus: new Map(regions.map((r) => [r.id, r.status])),
        userNotBefore: new Map(users.map((u) => [u.id, u.tokensValidFrom])),
        accountNotBefore: new Map(accounts.map((a) => [a.id, a.tokensValidFrom])),
        revokedSessions: new Map(sessions.map((s) => [s.id, s.expiresAt.getTime()])),
      },
      heldBefore,
    );
  }

  /** Registered regions whose access state is not (any more) published in the state store. */
  async unpublishedRegions(): Promise<string[]> {
    const regions = await this.prisma.region.findMany({ select: { id: true } });
    return this.access.unpublishedRegions(regions.map((r) => r.id));
  }

  private async findUser(accountId: number, username: string) {
    const user = await this.prisma.appUser.findUnique({ where: { accountId_username: { accountId, username } } });
    if (!user) throw notFound(`User ${username} not found in account ${accountId}`);
    return user;
  }

  private publicUser(u: { id: number; accountId: number; username: string; disabled: boolean; createdAt: Date }) {
    return { id: u.id, account_id: u.accountId, username: u.username, disabled: u.disabled, created_at: u.createdAt };
  }
}
