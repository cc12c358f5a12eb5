import { randomUUID } from 'node:crypto';
import type { ApiKey, PrismaClient } from '@restgw/db';
import type { ApiKeyView } from '@restgw/contracts';
import { badRequest, conflict, notFound } from '@restgw/platform';
import {
  apiKeyDisplayPrefix,
  apiKeyKind,
  ApiKeyKind,
  CUSTOMER_KEY_SCOPES,
  generateApiKey,
  hashApiKey,
  MAX_STATION_PATTERNS,
  OPERATOR_KEY_SCOPES,
  stationPatternProblem,
} from '@restgw/tokens';
import { INPUT_LIMITS } from '../input-limits';
import { AccessStatePublisher } from '../tokens/access-state.publisher';

export interface CreateApiKeyInput {
  name: unknown;
  scopes: unknown;
  /** Customer keys only: station-name globs. */
  stations?: unknown;
  /** ISO 8601 time in the future; null or absent: no expiry. */
  expiresAt?: unknown;
}

/** An API key as lists show it (snake_case like the rest of the admin API); never the key or its hash. */
export interface ApiKeyResponse {
  id: string;
  kind: ApiKeyKind;
  prefix: string;
  name: string;
  scopes: string[];
  account_id?: number;
  stations?: string[];
  created_at: string;
  created_by: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The answer to a creation: the only time the key itself is ever shown. */
export type CreatedApiKey = ApiKeyResponse & { key: string };

/** Who an operator key is, once verified. */
export interface OperatorKeyIdentity {
  id: string;
  prefix: string;
  name: string;
  scopes: string[];
}

/** A verified customer key: its account and what it may do. */
export interface CustomerKeyIdentity {
  id: string;
  prefix: string;
  accountId: number;
  scopes: string[];
  stations: string[];
}

/** lastUsedAt is written at most this often per key (a write per request would be wasted). */
const LAST_USED_RESOLUTION_MS = 60_000;

const toResponse = (k: ApiKey): ApiKeyResponse => ({
  id: k.id,
  kind: k.kind,
  prefix: k.prefix,
  name: k.name,
  scopes: k.scopes,
  ...(k.kind === 'customer' ? { account_id: k.accountId!, stations: k.stations } : {}),
  created_at: k.createdAt.toISOString(),
  created_by: k.createdBy,
  expires_at: k.expiresAt?.toISOString() ?? null,
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

/** What gateways hold of a customer key. */
export const apiKeyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  account_id: k.accountId!,
  scopes: k.scopes,
  stations: k.stations,
  expires_at: k.expiresAt?.getTime() ?? null,
  created_at: Math.floor(k.createdAt.getTime() / 1000),
  prefix: k.prefix,
});

const usable = (k: ApiKey | null, kind: ApiKeyKind, now: Date): k is ApiKey =>
  !!k && k.kind === kind && !k.revokedAt && (!k.expiresAt || k.expiresAt > now);

/**
 * API keys of both kinds (docs/operations.md "API keys"): created with the
 * key shown once, listed without it, revoked. Only the key's HMAC-SHA-256
 * hash is stored. Customer keys are published to the gateways' access state
 * (AccessStatePublisher) so gateways check them without calling here;
 * operator keys are checked here, against the database, on every admin call.
 */
export class ApiKeys {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessStatePublisher,
  ) {}

  createOperatorKey(input: CreateApiKeyInput, createdBy: string): Promise<CreatedApiKey> {
    if (input.stations !== undefined) throw badRequest('stations applies to customer keys only');
    return this.create('operator', null, input, createdBy);
  }

  /** Refused for a suspended account: gateways know suspensions only as a not-before time, which a newer key would pass. */
  async createCustomerKey(accountId: number, input: CreateApiKeyInput, createdBy: string): Promise<CreatedApiKey> {
    const account = await this.prisma.account.findUnique({ where: { id: accountId }, select: { status: true } });
    if (!account) throw notFound(`Account ${accountId} not found`);
    if (account.status !== 'active') throw conflict(`Account ${accountId} is suspended; activate it before creating keys`);
    return this.create('customer', accountId, input, createdBy);
  }

  async list(kind: ApiKeyKind, accountId?: number): Promise<ApiKeyResponse[]> {
    if (accountId !== undefined) await this.accountExists(accountId);
    const rows = await this.prisma.apiKey.findMany({ where: { kind, accountId: accountId ?? null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toResponse);
  }

  /** Idempotent: revoking a revoked key changes nothing. Customer keys: every gateway refuses it within seconds. */
  async revoke(kind: ApiKeyKind, id: string, accountId?: number): Promise<ApiKeyResponse> {
    const key = await this.find(kind, id, accountId);
    if (key.revokedAt) return toResponse(key);
    const revoked = await this.prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    if (kind === 'customer') await this.access.revokeApiKey(revoked.keyHash, revoked.revokedAt!.getTime());
    return toResponse(revoked);
  }

  /** The operator key this credential is, if it is a usable one (right shape, known, not revoked or expired). */
  async verifyOperatorKey(key: string): Promise<OperatorKeyIdentity | null> {
    if (apiKeyKind(key) !== 'operator') return null;
    const now = new Date();
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!usable(row, 'operator', now)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return { id: row.id, prefix: row.prefix, name: row.name, scopes: row.scopes };
  }

  /** The customer key this credential is (control-plane routes customers reach: implicit station creation). */
  async verifyCustomerKey(key: string): Promise<CustomerKeyIdentity | null> {
    if (apiKeyKind(key) !== 'customer') return null;
    const now = new Date();
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, include: { account: true } });
    if (!usable(row, 'customer', now) || !row.account) return null;
    // Suspension revokes keys created before it, as it revokes tokens issued before it.
    if (row.account.status !== 'active' || Math.floor(row.createdAt.getTime() / 1000) < row.account.tokensValidFrom) return null;
    return { id: row.id, prefix: row.prefix, accountId: row.account.id, scopes: row.scopes, stations: row.stations };
  }

  /** Every customer key for the gateways' access state: usable views, and tombstones of revoked ones. */
  async publishedState(): Promise<{ apiKeys: Map<string, ApiKeyView>; revokedApiKeys: Map<string, number> }> {
    const rows = await this.prisma.apiKey.findMany({ where: { kind: 'customer' } });
    const apiKeys = new Map<string, ApiKeyView>();
    const revokedApiKeys = new Map<string, number>();
    for (const k of rows) {
      if (k.revokedAt) revokedApiKeys.set(k.keyHash, k.revokedAt.getTime());
      else apiKeys.set(k.keyHash, apiKeyView(k));
    }
    return { apiKeys, revokedApiKeys };
  }

  private async create(kind: ApiKeyKind, accountId: number | null, input: CreateApiKeyInput, createdBy: string): Promise<CreatedApiKey> {
    const name = validName(input.name);
    const scopes = validScopes(input.scopes, kind === 'operator' ? OPERATOR_KEY_SCOPES : CUSTOMER_KEY_SCOPES);
    const stations = kind === 'customer' ? validStations(input.stations) : [];
    const expiresAt = validExpiry(input.expiresAt);
    const key = generateApiKey(kind);
    const row = await this.prisma.apiKey.create({
      data: { id: randomUUID(), kind, prefix: apiKeyDisplayPrefix(key), keyHash: hashApiKey(key), name, scopes, accountId, stations, expiresAt, createdBy },
    });
    if (kind === 'customer') await this.access.publishApiKey(row.keyHash, apiKeyView(row));
    return { ...toResponse(row), key };
  }

  private async find(kind: ApiKeyKind, id: string, accountId?: number): Promise<ApiKey> {
    if (accountId !== undefined) await this.accountExists(accountId);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const key = uuid ? await this.prisma.apiKey.findFirst({ where: { id, kind, accountId: accountId ?? null } }) : null;
    if (!key) throw notFound(`API key ${id} not found`);
    return key;
  }

  private async accountExists(accountId: number): Promise<void> {
    if (!(await this.prisma.account.findUnique({ where: { id: accountId }, select: { id: true } }))) throw notFound(`Account ${accountId} not found`);
  }
}

function validName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw badRequest('name is required');
  if (name.length > INPUT_LIMITS.apiKeyName) throw badRequest(`name is longer than ${INPUT_LIMITS.apiKeyName} characters`);
  return name.trim();
}

function validScopes(scopes: unknown, allowed: readonly string[]): string[] {
  const list = typeof scopes === 'string' ? scopes.split(',').map((s) => s.trim()) : scopes;
  if (!Array.isArray(list) || list.length === 0 || list.length > allowed.length * 4) throw badRequest(`scopes must be a non-empty list of ${allowed.join(', ')}`);
  for (const s of list) if (typeof s !== 'string' || !allowed.includes(s)) throw badRequest(`Unknown scope ${String(s).slice(0, 64)}; one of ${allowed.join(', ')}`);
  return [...new Set(list as string[])];
}

function validStations(stations: unknown): string[] {
  const list = typeof stations === 'string' ? stations.split(',').map((s) => s.trim()) : stations;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_STATION_PATTERNS) {
    throw badRequest(`stations must be a list of 1 to ${MAX_STATION_PATTERNS} station-name patterns ("*" for every station)`);
  }
  for (const p of list) {
    const problem = stationPatternProblem(p);
    if (problem) throw badRequest(problem);
  }
  return [...new Set(list as string[])];
}

function validExpiry(expiresAt: unknown): Date | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  const at = typeof expiresAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expiresAt) ? new Date(expiresAt) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw badRequest('expires_at must be an ISO 8601 time, e.g. 2027-01-01T00:00:00Z');
  if (at.getTime() <= Date.now()) throw badRequest('expires_at must be in the future');
  return at;
}
