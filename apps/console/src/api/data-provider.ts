import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { api, enc } from './http';

/**
 * react-admin's resources over the admin API: accounts (server-side search,
 * sort and pages; X-Total-Count), regions, and the audit log (cursor pages).
 * What lives under one account (users, stations, schemas, limits, usage) is
 * read by the account's tabs directly through `api`.
 */

const qs = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');

/** The audit log pages by cursor: page N+1 starts at page N's next_cursor, remembered per filter. */
const auditCursors = new Map<string, Array<string | undefined>>();

async function listAudit(params: GetListParams) {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const f = params.filter ?? {};
  const filterKey = JSON.stringify({ f, perPage });
  const cursors = auditCursors.get(filterKey) ?? [undefined];
  auditCursors.set(filterKey, cursors);
  const cursor = cursors[page - 1];
  if (page > 1 && cursor === undefined) return { data: [], pageInfo: { hasPreviousPage: true, hasNextPage: false } };
  const iso = (v: unknown) => (typeof v === 'string' && v ? new Date(v).toISOString() : undefined);
  const query = qs({ actor: f.actor, action: f.action, target: f.target, account: f.account, from: iso(f.from), to: iso(f.to), limit: perPage, cursor });
  const { body } = await api<{ entries: RaRecord[]; next_cursor: string | null }>('GET', `/admin/audit?${query}`);
  cursors[page] = body.next_cursor ?? undefined;
  return { data: body.entries, pageInfo: { hasPreviousPage: page > 1, hasNextPage: body.next_cursor !== null } };
}

const regionPath = (id: unknown) => `/admin/regions/${enc(String(id))}`;

export const dataProvider: DataProvider = {
  async getList(resource, params): Promise<any> {
    if (resource === 'accounts') {
      const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
      const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
      const f = params.filter ?? {};
      const query = qs({
        search: f.q,
        status: f.status,
        offset: (page - 1) * perPage,
        limit: perPage,
        sort: ['id', 'name', 'created_at', 'status'].includes(field) ? field : 'id',
        order: order === 'DESC' ? 'desc' : 'asc',
      });
      const res = await api<RaRecord[]>('GET', `/admin/accounts?${query}`);
      return { data: res.body, total: Number(res.headers.get('x-total-count') ?? res.body.length) };
    }
    if (resource === 'regions') {
      const { body } = await api<RaRecord[]>('GET', '/admin/regions');
      return { data: body, total: body.length };
    }
    if (resource === 'audit') return listAudit(params);
    throw new Error(`No list for ${resource}`);
  },
  async getOne(resource, params): Promise<any> {
    if (resource === 'accounts') return { data: (await api('GET', `/admin/accounts/${enc(String(params.id))}`)).body };
    if (resource === 'regions') return { data: (await api('GET', regionPath(params.id))).body };
    throw new Error(`No record view for ${resource}`);
  },
  async getMany(resource, params): Promise<any> {
    const data = await Promise.all(params.ids.map(async (id) => (await dataProvider.getOne(resource, { id })).data));
    return { data };
  },
  async getManyReference(): Promise<any> {
    throw new Error('Not supported');
  },
  async create(resource, params): Promise<any> {
    if (resource === 'accounts') {
      const { name, max_token_minutes, max_refresh_minutes } = params.data;
      return { data: (await api('POST', '/admin/accounts', { name, max_token_minutes: max_token_minutes || undefined, max_refresh_minutes: max_refresh_minutes || undefined })).body };
    }
    if (resource === 'regions') {
      const { id, url, status } = params.data;
      return { data: (await api('PUT', regionPath(id), { url, status })).body };
    }
    throw new Error(`Cannot create ${resource}`);
  },
  async update(resource, params): Promise<any> {
    if (resource === 'regions') {
      const { url, status } = params.data;
      return { data: (await api('PUT', regionPath(params.id), { url, status })).body };
    }
    throw new Error(`Cannot update ${resource}`);
  },
  async updateMany(): Promise<any> {
    throw new Error('Not supported');
  },
  async delete(resource, params): Promise<any> {
    if (resource === 'regions') {
      await api('DELETE', regionPath(params.id));
      return { data: params.previousData ?? { id: params.id } };
    }
    throw new Error(`Cannot delete ${resource}`);
  },
  async deleteMany(): Promise<any> {
    throw new Error('Not supported');
  },
};
