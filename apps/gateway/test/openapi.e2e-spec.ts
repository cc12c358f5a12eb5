import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { registeredRoutes } from '@restgw/platform';
import { documentProblems, requestJson, Stack } from '@restgw/testing';
import { createGatewayApp } from '../src/gateway.app';
import { loadGatewayConfig } from '../src/gateway.config';

/**
 * Issue 17 item 1: the gateway's OpenAPI document describes exactly the routes
 * its router holds, with examples for every answer. (Every answer the e2e
 * suites receive is also checked against it: tools/testing/src/response-recorder.ts.)
 */
describe('gateway OpenAPI document', () => {
  let stack: Stack;
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    stack = await Stack.start({ regionWorker: false });
  });
  afterAll(async () => {
    await app?.close();
    await stack?.stop();
  });

  it('documents every route of the router, each with examples that match their schemas', async () => {
    const res = await requestJson(`${stack.gatewayUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    // The router's routes: the same app, built in-process on the stack's services, as main.ts builds it.
    app = await createGatewayApp(
      loadGatewayConfig({
        GATEWAY_PORT: '0',
        REGION_ID: stack.regionId,
        CONTROL_PLANE_URL: stack.controlPlaneUrl,
        REDIS_KEY_PREFIX: stack.redisKeyPrefix,
        CONSUME_LEASE_STORE: 'memory',
        LOG_LEVEL: 'error',
        ...stack.profileEnv,
      }),
    );
    await app.init();
    const routes = registeredRoutes(app);
    expect(routes.map((r) => r.url)).toContain('/stations/:station/produce/single');
    expect(documentProblems(res.body, routes)).toEqual([]);
    // The Memphis-compatible routes are there as they answer (docs/api.md).
    for (const path of ['/stations/{station}/produce/single', '/stations/{station}/produce/batch', '/stations/{station}/consume/batch', '/auth/authenticate', '/auth/refreshToken', '/monitoring/status']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
    expect(res.body.paths['/stations/{station}/produce/single'].post.responses['401'].content['application/json'].example).toEqual({ message: 'Unauthorized' });
    expect(res.body.paths['/stations/{station}/produce/single'].post.responses['404'].content['application/json'].example).toEqual({ error: expect.any(String), success: false });
  });

  it('serves Swagger UI at /docs from its own assets, nothing from a CDN', async () => {
    const page = await requestJson(`${stack.gatewayUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page.text).toContain("'openapi.json'");
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      expect(page.text).toContain(asset);
      const res = await fetch(`${stack.gatewayUrl}/docs/${asset}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });
});
