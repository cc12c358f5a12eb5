import { Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Min } from 'class-validator';
import { createHttpApp, notFound, Readiness } from '../src';

class CreateThingDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  size!: number;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto) {
    return body;
  }

  @Get('missing')
  missing() {
    throw notFound('No such thing');
  }
}

@Injectable()
class SwitchableReadiness implements Readiness {
  static up = true;

  async check() {
    return { database: SwitchableReadiness.up, cache: true };
  }
}

@Module({ controllers: [ThingsController], providers: [SwitchableReadiness] })
class ThingsModule {}

/** The shared HTTP bootstrap (control plane and gateway) on a real Fastify listener. */
describe('createHttpApp', () => {
  let app: NestFastifyApplication;
  let url = '';

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule, { name: 'bootstrap-test', bodyLimitBytes: 1024, corsOrigins: ['*'], logLevel: 'error', readiness: SwitchableReadiness });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const post = (body: unknown) =>
    fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as any,
    }));

  it('validates DTO bodies: 400 naming the field, unknown fields stripped', async () => {
    const bad = await post({ name: 'x', size: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/size/);
    expect(await post({ name: 'x', size: 2, extra: true })).toEqual({ status: 201, body: { name: 'x', size: 2 } });
  });

  it('maps domain errors and body limits through the one error filter', async () => {
    const missing = await fetch(`${url}/things/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'No such thing' });
    const large = await post({ name: 'x'.repeat(2000), size: 1 });
    expect(large.status).toBe(413);
  });

  it('answers /healthz and /monitoring/status without auth', async () => {
    for (const path of ['/healthz', '/monitoring/status']) {
      const res = await fetch(`${url}${path}`);
      expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
  });

  it('answers /readyz from the readiness provider: 503 naming the failed check', async () => {
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: true, cache: true } });
    SwitchableReadiness.up = false;
    try {
      const down = await fetch(`${url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', checks: { database: false, cache: true } });
    } finally {
      SwitchableReadiness.up = true;
    }
  });
});
