import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createPrismaClient } from '@restgw/db';
import { BadRequestException } from '@nestjs/common';
import { badRequest } from '../src/errors/domain-error';
import { toHttpError } from '../src/errors/http-error.filter';
import { isInfrastructureError } from '../src/errors/infrastructure-error';
import { freePort } from '@restgw/testing';

/** The errors real clients throw when their server is not there, as the apps meet them. */
describe('isInfrastructureError on real client errors', () => {
  let closed: number;
  beforeAll(async () => {
    closed = await freePort();
  });

  const caught = async (fn: () => Promise<unknown>): Promise<unknown> => {
    try {
      await fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected a failure');
  };

  it('Prisma (driver adapter) on an unreachable database: model query and raw query', async () => {
    const prisma = createPrismaClient(`postgresql://postgres@127.0.0.1:${closed}/x`, 1);
    try {
      const model = await caught(() => prisma.account.findFirst());
      const raw = await caught(() => prisma.$queryRaw`SELECT 1`);
      expect(isInfrastructureError(model)).toBe(true);
      expect(isInfrastructureError(raw)).toBe(true);
      expect(toHttpError(model)).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('ioredis: MaxRetriesPerRequestError, and a command on a closed connection', async () => {
    const redis = new Redis(`redis://127.0.0.1:${closed}`, { maxRetriesPerRequest: 1, retryStrategy: (n) => (n > 3 ? null : 10) });
    redis.on('error', () => undefined);
    const retries = await caught(() => redis.get('k'));
    await new Promise((r) => setTimeout(r, 200));
    const closedConnection = await caught(() => redis.get('k'));
    redis.disconnect();
    expect((retries as Error).name).toBe('MaxRetriesPerRequestError');
    expect(isInfrastructureError(retries)).toBe(true);
    expect(isInfrastructureError(closedConnection)).toBe(true);
  });

  it('pg and fetch on a closed port', async () => {
    const pg = await caught(() => new Client({ connectionString: `postgresql://postgres@127.0.0.1:${closed}/x` }).connect());
    const http = await caught(() => fetch(`http://127.0.0.1:${closed}/`));
    expect(isInfrastructureError(pg)).toBe(true);
    expect(isInfrastructureError(http)).toBe(true);
  });

  it('is false for bugs and request errors', () => {
    expect(isInfrastructureError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isInfrastructureError(badRequest('x'))).toBe(false);
    expect(isInfrastructureError(new BadRequestException('x'))).toBe(false);
    expect(toHttpError(new Error('boom'))).toEqual({ status: 500, message: 'Internal server error' });
  });
});
