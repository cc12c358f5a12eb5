import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { registeredRoutes } from '@restgw/platform';
import { documentProblems, OpenApiResponseChecker, requestJson, Stack } from '@restgw/testing';
import { createControlPlaneApp } from '../src/control-plane.app';
import { loadControlPlaneConfig } from '../src/control-plane.config';

/**
 * Issue 17 item 1: the control plane's OpenAPI document (the admin API and the
 * token routes) describes exactly the routes its router holds, with examples
 * for every answer, and stays on the operator listener when there is one.
 */
describe('control plane OpenAPI document', () => {
  let stack: Stack;
  let app: NestFastifyApplication | undefined;
  let doc: any;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false, operatorListener: true });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.stop();
  });

  it('serves the document and Swagger UI on the operator listener only', async () => {
    expect((await requestJson(`${stack.operatorUrl}/docs`)).status).toBe(200);
    expect((await fetch(`${stack.operatorUrl}/docs/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await requestJson(`${stack.controlPlaneUrl}/openapi.json`)).status).toBe(404);
    expect((await requestJson(`${stack.controlPlaneUrl}/docs`)).status).toBe(404);
  });

  it('documents every route of the router, each with examples that match their schemas', async () => {
    const res = await requestJson(`${stack.operatorUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    doc = res.body;
    app = await createControlPlaneApp(
      loadControlPlaneConfig({
        DATABASE_URL: stack.db.url,
        ...stack.profileEnv,
        REDIS_KEY_PREFIX: stack.redisKeyPrefix,
        CONTROL_PLANE_PORT: '0',
        LOG_LEVEL: 'error',
      }),
    );
    await app.init();
    const routes = registeredRoutes(app);
    expect(routes.map((r) => r.url)).toContain('/admin/accounts/:id/stations');
    expect(documentProblems(res.body, routes)).toEqual([]);
  });

  it('the response checker refuses an answer that contradicts the document', async () => {
    // The document read before the in-process app was built (no idle keep-alive connection to race with the server's timeout).
    const checker = new OpenApiResponseChecker(doc);
    expect(checker.check('GET', '/admin/regions/aws-eu-central-1', 200, 'application/json', { id: 'x', url: 'u', status: 'active' }, '{}')).toBeNull();
    expect(checker.check('GET', '/admin/regions/aws-eu-central-1', 200, 'application/json', { id: 'x' }, '{"id":"x"}')).toMatch(/does not match the schema/);
    expect(checker.check('GET', '/admin/regions/aws-eu-central-1', 418, 'application/json', {}, '{}')).toMatch(/status not documented/);
    expect(checker.check('GET', '/no/such/route', 200, 'application/json', {}, '{}')).toBeNull();
  });
});
