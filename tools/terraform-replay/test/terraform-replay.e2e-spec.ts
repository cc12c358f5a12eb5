import { join } from 'node:path';
import { requestJson, Stack } from '@restgw/testing';
import { ObjectState, providerConfig, RestapiObjectSpec, RestapiReplayer } from '../src/restapi-replayer';
import { allModules, evaluateOutputs, instantiate, ModuleInstance } from '../src/terraform-config';

const ROOT = join(__dirname, '../../../infra/terraform');
const EXAMPLE = join(ROOT, 'examples/two-regions');
const MODULE = join(ROOT, 'modules/restgw-region');

/**
 * Issue 14 item 3: no Terraform binary can be installed here, so the module
 * is proven by replay. Its HCL (infra/terraform) is parsed by HashiCorp's
 * parser (@cdktf/hcl2json), the example root configuration is instantiated
 * with its two modules, and the requests the Mastercard/restapi provider
 * would send (its documented semantics: tools/terraform-replay/src) are sent
 * to a real control plane with an operator API key scoped regions:write.
 * Checked: create; read-back equals what was written; outputs; re-applying
 * changes nothing; update; import by id; delete, then read is 404.
 */
describe('Terraform module restgw-region, replayed against a real control plane', () => {
  let stack: Stack;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
    const created = await stack.admin('POST', '/admin/api-keys', { name: 'terraform', scopes: ['regions:write'] });
    key = created.key;
  }, 60_000);
  afterAll(() => stack?.stop());

  const configure = (usStatus = 'active', apiKey = key) =>
    instantiate(EXAMPLE, { restgw_admin_url: stack.operatorUrl, restgw_api_key: apiKey, us_status: usStatus });

  /** The example's resources with the provider the root configures (modules inherit the default provider). */
  const specsOf = (root: ModuleInstance) => {
    const provider = providerConfig(root.providers.restapi);
    return { provider, specs: allModules(root).flatMap((m) => m.resources.map((r) => new RestapiObjectSpec(r, provider))) };
  };

  const regionOf = (id: string) => requestJson(`${stack.operatorUrl}/admin/regions/${id}`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });

  let state: Record<string, ObjectState> = {};

  it('pins the provider and parses the module and the example', async () => {
    const root = await configure();
    expect(root.requiredProviders.restapi).toEqual({ source: 'Mastercard/restapi', version: '2.0.1' });
    expect(root.children.eu.requiredProviders.restapi).toEqual({ source: 'Mastercard/restapi', version: '2.0.1' });
    expect(root.providers.restapi.headers).toEqual({ Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' });
    expect(allModules(root).flatMap((m) => m.resources.map((r) => r.address))).toEqual(['module.eu.restapi_object.region', 'module.us.restapi_object.region']);
  });

  it('refuses invalid inputs like terraform plan (the module validates them)', async () => {
    const inputs = { region_id: 'aws-eu-central-1', url: 'https://eu.example' };
    await expect(instantiate(MODULE, { ...inputs, region_id: 'Not_A_Region' })).rejects.toThrow(/invalid value for variable region_id/);
    await expect(instantiate(MODULE, { ...inputs, url: 'ftp://x' })).rejects.toThrow(/invalid value for variable url/);
    await expect(instantiate(MODULE, { ...inputs, status: 'paused' })).rejects.toThrow(/invalid value for variable status/);
    await expect(instantiate(MODULE, { url: 'https://eu.example' })).rejects.toThrow(/variable region_id is required/);
  });

  it('apply creates both regions with the requests the provider sends; read-back equals what was written; outputs', async () => {
    const { provider, specs } = specsOf(await configure());
    const replay = new RestapiReplayer(provider);
    for (const spec of specs) {
      const { action, state: s } = await replay.apply(spec, null);
      expect(action).toBe('create');
      state[spec.resource.address] = s;
    }
    expect(replay.log).toEqual([
      { method: 'PUT', path: '/admin/regions/aws-eu-central-1', body: { id: 'aws-eu-central-1', status: 'active', url: 'https://aws-eu-central-1.restgw.example.com' }, status: 200 },
      { method: 'PUT', path: '/admin/regions/aws-us-east-1', body: { id: 'aws-us-east-1', status: 'active', url: 'https://aws-us-east-1.restgw.example.com' }, status: 200 },
    ]);
    for (const spec of specs) {
      const read = await regionOf(spec.knownId()!);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(spec.data); // exactly what was written: nothing more, nothing less
    }
    const outputs = await evaluateOutputs(await configure(), state);
    expect(outputs.regions).toEqual({ 'aws-eu-central-1': 'https://aws-eu-central-1.restgw.example.com', 'aws-us-east-1': 'https://aws-us-east-1.restgw.example.com' });
  });

  it('re-applying changes nothing (refresh shows no drift, no write is sent)', async () => {
    const { provider, specs } = specsOf(await configure());
    const replay = new RestapiReplayer(provider);
    for (const spec of specs) {
      const { action, state: s } = await replay.apply(spec, state[spec.resource.address]);
      expect(action).toBe('none');
      state[spec.resource.address] = s;
    }
    expect(replay.log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /admin/regions/aws-eu-central-1 200', 'GET /admin/regions/aws-us-east-1 200']);
  });

  it('a changed input updates in place, then re-applying changes nothing', async () => {
    const { provider, specs } = specsOf(await configure('draining'));
    const replay = new RestapiReplayer(provider);
    const actions: string[] = [];
    for (const spec of specs) {
      const { action, state: s } = await replay.apply(spec, state[spec.resource.address]);
      actions.push(action);
      state[spec.resource.address] = s;
    }
    expect(actions).toEqual(['none', 'update']);
    expect(replay.log.filter((r) => r.method !== 'GET')).toEqual([
      { method: 'PUT', path: '/admin/regions/aws-us-east-1', body: { id: 'aws-us-east-1', status: 'draining', url: 'https://aws-us-east-1.restgw.example.com' }, status: 200 },
    ]);
    expect((await regionOf('aws-us-east-1')).body).toEqual({ id: 'aws-us-east-1', url: 'https://aws-us-east-1.restgw.example.com', status: 'draining' });
    for (const spec of specs) expect((await new RestapiReplayer(provider).apply(spec, state[spec.resource.address])).action).toBe('none');
  });

  it('imports an existing region by id; the plan after import is empty', async () => {
    // Registered outside Terraform first (here: by the CLI's use case, through the admin API).
    await stack.admin('PUT', '/admin/regions/gcp-europe-west1', { url: 'https://gcp-europe-west1.restgw.example.com', status: 'active' });
    const module = await instantiate(MODULE, { region_id: 'gcp-europe-west1', url: 'https://gcp-europe-west1.restgw.example.com' }, 'module.gcp');
    const { provider } = specsOf(await configure());
    const spec = new RestapiObjectSpec(module.resources[0], provider);
    const replay = new RestapiReplayer(provider);
    const imported = await replay.import(spec, '/admin/regions/gcp-europe-west1');
    expect(imported).toEqual({
      id: 'gcp-europe-west1',
      data: { id: 'gcp-europe-west1', url: 'https://gcp-europe-west1.restgw.example.com', status: 'active' },
      api_data: { id: 'gcp-europe-west1', url: 'https://gcp-europe-west1.restgw.example.com', status: 'active' },
    });
    expect((await replay.apply(spec, imported)).action).toBe('none');
    expect(replay.log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /admin/regions/gcp-europe-west1', 'GET /admin/regions/gcp-europe-west1']);
    await replay.destroy(spec, imported);
  });

  it('destroy deletes both regions; reading them afterwards is 404, and a refresh plans a new create', async () => {
    const { provider, specs } = specsOf(await configure('draining'));
    const replay = new RestapiReplayer(provider);
    for (const spec of [...specs].reverse()) await replay.destroy(spec, state[spec.resource.address]);
    expect(replay.log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['DELETE /admin/regions/aws-us-east-1 204', 'DELETE /admin/regions/aws-eu-central-1 204']);
    for (const spec of specs) {
      expect((await regionOf(spec.knownId()!)).status).toBe(404);
      expect(await replay.refresh(spec, state[spec.resource.address])).toBeNull();
    }
    state = {};
  });

  it('works only with a key that has regions:write (or admin:write): admin:read gets 403, a revoked key 401', async () => {
    const reader = await stack.admin('POST', '/admin/api-keys', { name: 'read-only', scopes: ['admin:read'] });
    const { provider, specs } = specsOf(await configure('active', reader.key));
    await expect(new RestapiReplayer(provider).apply(specs[0], null)).rejects.toThrow(/PUT \/admin\/regions\/aws-eu-central-1 -> 403/);
    await stack.admin('DELETE', `/admin/api-keys/${reader.id}`);
    await expect(new RestapiReplayer(provider).apply(specs[0], null)).rejects.toThrow(/-> 401/);
    // The regions:write key reaches nothing else.
    const accounts = await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: { authorization: `Bearer ${key}` } });
    expect(accounts.status).toBe(403);
  });
});
