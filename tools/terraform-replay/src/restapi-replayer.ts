import type { Value } from './hcl-expressions';
import type { ResourceInstance } from './terraform-config';

/**
 * What the Mastercard/restapi provider (2.0.1, as its documentation
 * describes it: docs/index.md and docs/resources/object.md of
 * Mastercard/terraform-provider-restapi) sends for a `restapi_object`, and a
 * replayer that sends exactly that to a real server and keeps the state the
 * provider would keep. Provider defaults: create POST, read GET, update PUT,
 * destroy DELETE, id_attribute "id"; resource attributes override them.
 * Paths: create_path defaults to path, read/update/destroy paths to
 * path/{id}; `{id}` is replaced by the object's id, known before creation
 * when the data holds the id attribute (or object_id is set). Import ids are
 * `<path>/<id>`, split at the last `/`.
 */
export interface ProviderConfig {
  uri: string;
  headers: Record<string, string>;
  create_method: string;
  read_method: string;
  update_method: string;
  destroy_method: string;
  id_attribute: string;
  write_returns_object: boolean;
  create_returns_object: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
  status: number;
}

/** What Terraform keeps for one restapi_object. */
export interface ObjectState {
  id: string;
  /** The managed data (JSON object), refreshed from the server for the keys it names. */
  data: Record<string, unknown>;
  /** Top-level values of the last response, as strings (the provider's api_data). */
  api_data: Record<string, string>;
}

export type PlannedAction = 'create' | 'update' | 'replace' | 'none';

const str = (v: Value | undefined, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);

export function providerConfig(block: Record<string, Value>): ProviderConfig {
  if (typeof block.uri !== 'string') throw new Error('provider restapi: uri is required');
  return {
    uri: block.uri.replace(/\/$/, ''),
    headers: (block.headers ?? {}) as Record<string, string>,
    create_method: str(block.create_method, 'POST'),
    read_method: str(block.read_method, 'GET'),
    update_method: str(block.update_method, 'PUT'),
    destroy_method: str(block.destroy_method, 'DELETE'),
    id_attribute: str(block.id_attribute, 'id'),
    write_returns_object: block.write_returns_object === true,
    create_returns_object: block.create_returns_object === true,
  };
}

/** The requests of one resource, as the provider derives them from its attributes. */
export class RestapiObjectSpec {
  readonly path: string;
  readonly data: Record<string, unknown>;
  readonly idAttribute: string;
  readonly forceNew: string[];

  constructor(
    readonly resource: ResourceInstance,
    readonly provider: ProviderConfig,
  ) {
    const a = resource.attributes;
    if (typeof a.path !== 'string') throw new Error(`${resource.address}: path is required`);
    if (typeof a.data !== 'string') throw new Error(`${resource.address}: data must be a JSON string`);
    this.path = a.path;
    this.data = JSON.parse(a.data);
    this.idAttribute = str(a.id_attribute, provider.id_attribute);
    this.forceNew = (a.force_new as string[] | undefined) ?? [];
  }

  private attr(name: string, fallback: string): string {
    return str(this.resource.attributes[name], fallback);
  }

  /** The id known before creation: object_id, else the data's id attribute ('/'-separated path); null when the server assigns it. */
  knownId(): string | null {
    if (typeof this.resource.attributes.object_id === 'string') return this.resource.attributes.object_id;
    let v: unknown = this.data;
    for (const part of this.idAttribute.split('/')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined || v === null ? null : String(v);
  }

  create() {
    const id = this.knownId();
    return { method: this.attr('create_method', this.provider.create_method), path: this.attr('create_path', this.path).replaceAll('{id}', id ?? ''), body: this.data };
  }

  read(id: string) {
    return { method: this.attr('read_method', this.provider.read_method), path: this.attr('read_path', `${this.path}/{id}`).replaceAll('{id}', id) };
  }

  update(id: string) {
    return { method: this.attr('update_method', this.provider.update_method), path: this.attr('update_path', `${this.path}/{id}`).replaceAll('{id}', id), body: this.data };
  }

  destroy(id: string) {
    return { method: this.attr('destroy_method', this.provider.destroy_method), path: this.attr('destroy_path', `${this.path}/{id}`).replaceAll('{id}', id) };
  }
}

/** Keys of the configured data whose value differs from the state's (what `terraform plan` would show). */
export function changedKeys(config: Record<string, unknown>, state: Record<string, unknown>): string[] {
  return Object.keys(config).filter((k) => JSON.stringify(config[k]) !== JSON.stringify(state[k]));
}

const apiData = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));

/** Sends a resource's requests to a real server, records them, and keeps the state as the provider would. */
export class RestapiReplayer {
  readonly log: RecordedRequest[] = [];

  constructor(private readonly provider: ProviderConfig) {}

  private async send(req: { method: string; path: string; body?: unknown }): Promise<{ status: number; body: any }> {
    // As the provider's send_request: Content-Type: application/json when there is a body, then the configured headers
    // over it on every request (so a configured Content-Type reaches GET and DELETE too, without a body).
    const headers = new Headers(req.body === undefined ? {} : { 'content-type': 'application/json' });
    for (const [name, value] of Object.entries(this.provider.headers)) headers.set(name, value);
    const res = await fetch(`${this.provider.uri}${req.path}`, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    this.log.push({ method: req.method, path: req.path, ...(req.body === undefined ? {} : { body: req.body }), status: res.status });
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (res.status >= 300 && !(res.status === 404 && req.method === this.provider.read_method)) {
      throw new Error(`${req.method} ${req.path} -> ${res.status} ${text}`);
    }
    return { status: res.status, body };
  }

  /** Refresh: the object as the server has it now (null: gone, 404); the state's data keys take the server's values. */
  async refresh(spec: RestapiObjectSpec, state: ObjectState): Promise<ObjectState | null> {
    const res = await this.send(spec.read(state.id));
    if (res.status === 404) return null;
    const data = Object.fromEntries(Object.keys(state.data).map((k) => [k, res.body[k]]));
    return { id: state.id, data, api_data: apiData(res.body) };
  }

  /** `terraform apply` for one resource: refresh, plan against the configuration, then create, update or replace. */
  async apply(spec: RestapiObjectSpec, prior: ObjectState | null): Promise<{ action: PlannedAction; state: ObjectState }> {
    const current = prior && (await this.refresh(spec, prior));
    if (!current) return { action: 'create', state: await this.create(spec) };
    const changed = changedKeys(spec.data, current.data);
    if (!changed.length) return { action: 'none', state: current };
    if (changed.some((k) => spec.forceNew.includes(k))) {
      await this.destroy(spec, current);
      return { action: 'replace', state: await this.create(spec) };
    }
    const res = await this.send(spec.update(current.id));
    const state = this.provider.write_returns_object ? { id: current.id, data: spec.data, api_data: apiData(res.body) } : await this.mustRead(spec, current.id, spec.data);
    return { action: 'update', state };
  }

  /** `terraform import <address> <path>/<id>`: the provider reads path/<id> and takes the server's object as the state's data. */
  async import(spec: RestapiObjectSpec, importId: string): Promise<ObjectState> {
    const cut = importId.lastIndexOf('/');
    if (cut < 0) throw new Error(`import id ${importId} must be <path>/<id>`);
    const [path, id] = [importId.slice(0, cut), importId.slice(cut + 1)];
    if (path !== spec.path) throw new Error(`import path ${path} is not the resource's path ${spec.path}`);
    const res = await this.send(spec.read(id));
    if (res.status === 404) throw new Error(`cannot import ${importId}: not found`);
    return { id, data: res.body, api_data: apiData(res.body) };
  }

  async destroy(spec: RestapiObjectSpec, state: ObjectState): Promise<void> {
    await this.send(spec.destroy(state.id));
  }

  private async create(spec: RestapiObjectSpec): Promise<ObjectState> {
    const known = spec.knownId();
    if (!known && !this.provider.write_returns_object && !this.provider.create_returns_object) {
      throw new Error(`${spec.resource.address}: no id in the data and the provider does not read it from the response`);
    }
    const res = await this.send(spec.create());
    if (this.provider.write_returns_object || this.provider.create_returns_object) {
      const id = known ?? String(res.body?.[spec.idAttribute] ?? '');
      if (!id) throw new Error(`${spec.resource.address}: the create response has no ${spec.idAttribute}`);
      return { id, data: spec.data, api_data: apiData(res.body) };
    }
    return this.mustRead(spec, known!, spec.data);
  }

  private async mustRead(spec: RestapiObjectSpec, id: string, data: Record<string, unknown>): Promise<ObjectState> {
    const state = await this.refresh(spec, { id, data, api_data: {} });
    if (!state) throw new Error(`${spec.resource.address}: ${id} is gone right after it was written`);
    return state;
  }
}
