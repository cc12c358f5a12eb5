import { badRequest, jsonDeeperThan, MAX_JSON_DEPTH } from '@restgw/platform';
import { NAME_RULE, normalizeName } from '@restgw/contracts';

export interface ConsumeRequest {
  consumerName: string;
  /** As sent; undefined: the station's shared default group (groupOf). */
  consumerGroup: string | undefined;
  batchSize: number;
  maxWaitMs: number;
  /** `account_id` as sent, if any: must match the token's account. */
  accountId: unknown;
}

export const DEFAULT_BATCH_SIZE = 10;
export const MAX_BATCH_SIZE = 5000;
export const DEFAULT_MAX_WAIT_MS = 5000;
export const MIN_MAX_WAIT_MS = 100;
export const BATCH_SIZE_ERROR = 'Batch size can not be greater than 5000 or less than 1';

/**
 * The group of the consumers that name none. Memphis puts them all in one
 * group per station (`rest-gateway`), so workers split a station's messages.
 * A leading `_` is outside the name rule, so no group a client names is it.
 */
export const DEFAULT_GROUP = '_rest-gateway';

/** The consumer group a request is served by: the one it names, or the station's shared default. */
export function groupOf(request: { consumerGroup: string | undefined }): string {
  return request.consumerGroup ?? DEFAULT_GROUP;
}

/** consume/batch JSON body -> a validated request (400 with the API.md texts). */
export function parseConsumeRequest(body: Buffer | undefined, maxWaitCapMs: number): ConsumeRequest {
  const fields = parseObject(body);
  const consumerName = name(fields.consumer_name, 'Consumer name');
  if (consumerName === null) throw badRequest('Consumer name is required');
  const consumerGroup = name(fields.consumer_group, 'Consumer group') ?? undefined;
  // 0 means the default, as in Memphis.
  const batchSize = orDefault(number(fields.batch_size), DEFAULT_BATCH_SIZE);
  if (batchSize === null || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw badRequest(BATCH_SIZE_ERROR);
  }
  const wait = orDefault(number(fields.batch_max_wait_time_ms), DEFAULT_MAX_WAIT_MS);
  if (wait === null) throw badRequest('batch_max_wait_time_ms must be a number of milliseconds');
  const maxWaitMs = Math.min(Math.max(Math.floor(wait), MIN_MAX_WAIT_MS), maxWaitCapMs);
  return { consumerName, consumerGroup, batchSize, maxWaitMs, accountId: fields.account_id };
}

export interface AckRequest {
  consumerName: string;
  /** As sent; undefined: the station's shared default group, as on consume/batch. */
  consumerGroup: string | undefined;
  /** One batch (x-restgw-batch-id of its answer); absent: every batch the consumer holds. */
  batchId?: string;
  accountId: unknown;
}

const BATCH_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** consume/ack JSON body -> a validated request. */
export function parseAckRequest(body: Buffer | undefined): AckRequest {
  const fields = parseObject(body);
  const consumerName = name(fields.consumer_name, 'Consumer name');
  if (consumerName === null) throw badRequest('Consumer name is required');
  const consumerGroup = name(fields.consumer_group, 'Consumer group') ?? undefined;
  const rawId = fields.batch_id;
  if (rawId !== undefined && rawId !== null && (typeof rawId !== 'string' || !BATCH_ID_RE.test(rawId))) {
    throw badRequest('batch_id must be the x-restgw-batch-id of a consume answer');
  }
  return { consumerName, consumerGroup, batchId: typeof rawId === 'string' ? rawId : undefined, accountId: fields.account_id };
}

function parseObject(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  const text = body.toString('utf8');
  if (jsonDeeperThan(text, MAX_JSON_DEPTH)) throw badRequest(`Invalid request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Invalid request body');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('Invalid request body');
  return parsed as Record<string, unknown>;
}

/** null when absent; 400 when present but not a valid name. */
function name(value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const normalized = typeof value === 'string' ? normalizeName(value) : null;
  if (!normalized) throw badRequest(`Invalid ${what.toLowerCase()}: ${NAME_RULE}`);
  return normalized;
}

/** Numbers, or numeric strings (some clients quote them); undefined when absent; null when not a number. */
function number(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Absent or 0: the default (Memphis); null (not a number) stays null. */
function orDefault(n: number | null | undefined, def: number): number | null {
  return n === undefined || n === 0 ? def : n;
}
