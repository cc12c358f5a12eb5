import { randomBytes } from 'node:crypto';
import { requestJson, Stack } from '@restgw/testing';

/** Issue 14 item 2: the region API infrastructure as code drives (control-plane side). */
describe('PUT/GET/DELETE /admin/regions/:id', () => {
  let stack: Stack;
  const call = (method: string, path: string, body?: unknown) =>
    requestJson(`${stack.controlPlaneUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
  });
  afterAll(() => stack?.stop());

  it('creates and updates idempotently, reads back exactly what was written, deletes to 404', async () => {
    const id = `tf-${randomBytes(3).toString('hex')}`;
    const written = { url: 'https://tf.example.com/', status: 'draining' };
    const created = await call('PUT', `/admin/regions/${id}`, written);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id, ...written });
    expect((await call('GET', `/admin/regions/${id}`)).body).toEqual({ id, ...written });
    // Re-applying the same body changes nothing.
    expect((await call('PUT', `/admin/regions/${id}`, { id, ...written })).body).toEqual({ id, ...written });
    // The body is the whole desired state: status omitted means active.
    expect((await call('PUT', `/admin/regions/${id}`, { url: 'https://tf2.example.com' })).body).toEqual({ id, url: 'https://tf2.example.com', status: 'active' });
    expect((await call('GET', `/admin/regions/${id}`)).body).toEqual({ id, url: 'https://tf2.example.com', status: 'active' });

    expect((await call('DELETE', `/admin/regions/${id}`)).status).toBe(204);
    expect((await call('GET', `/admin/regions/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/admin/regions/${id}`)).status).toBe(404);
  });

  it('refuses bad input with 400 and deleting a region in use with 409', async () => {
    expect((await call('PUT', '/admin/regions/tf-bad', { url: 'not a url' })).status).toBe(400);
    expect((await call('PUT', '/admin/regions/tf-bad', { url: 'https://x.example.com', status: 'paused' })).status).toBe(400);
    expect((await call('PUT', '/admin/regions/tf-bad', { id: 'tf-other', url: 'https://x.example.com' })).status).toBe(400);
    expect((await call('PUT', '/admin/regions/NotARegion', { url: 'https://x.example.com' })).status).toBe(400);

    await call('PUT', `/admin/regions/${stack.regionId}`, { url: 'http://127.0.0.1' });
    const t = await stack.createTenant(); // enabled in the stack's region
    const inUse = await call('DELETE', `/admin/regions/${stack.regionId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.text).toContain(`Region ${stack.regionId} is in use`);
    await stack.admin('DELETE', `/admin/accounts/${t.accountId}/regions/${stack.regionId}`);
    expect((await call('GET', `/admin/regions/${stack.regionId}`)).status).toBe(200);
  });

  it('answers 401 without an operator token', async () => {
    for (const [method, path] of [['GET', '/admin/regions/x-y'], ['PUT', '/admin/regions/x-y'], ['DELETE', '/admin/regions/x-y']]) {
      const res = await requestJson(`${stack.controlPlaneUrl}${path}`, {
        method,
        ...(method === 'PUT' ? { headers: { 'content-type': 'application/json' }, body: '{"url":"https://x.example.com"}' } : {}),
      });
      expect(res.status).toBe(401);
    }
  });
});
