import { ServiceUnavailableException } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error';
import { errorBody, OUTAGE_MESSAGE, toHttpError } from './http-error.filter';
import { isInfrastructureError } from './infrastructure-error';

describe('toHttpError', () => {
  it('maps outages to 503 with Retry-After and a message naming no dependency', () => {
    const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(toHttpError(adminShutdown)).toEqual({ status: 503, message: OUTAGE_MESSAGE, retryAfterSeconds: 5 });
  });

  it('gives every 503 and 429 a Retry-After, keeping one the error names', () => {
    expect(toHttpError(new DomainError(ErrorCode.Unavailable, 'later'))).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(toHttpError(new DomainError(ErrorCode.Unavailable, 'later', 9))).toMatchObject({ retryAfterSeconds: 9 });
    expect(toHttpError(new DomainError(ErrorCode.TooManyRequests, 'slow down'))).toMatchObject({ status: 429, retryAfterSeconds: 5 });
    expect(toHttpError(new ServiceUnavailableException())).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(toHttpError(new DomainError(ErrorCode.NotFound, 'no'))).toEqual({ status: 404, message: 'no', retryAfterSeconds: undefined });
  });

  it('answers the API body shape of the route', () => {
    const view = toHttpError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }));
    expect(errorBody('/stations/s/produce/single', view)).toEqual({ error: OUTAGE_MESSAGE, success: false });
    expect(errorBody('/auth/authenticate', view)).toEqual({ message: OUTAGE_MESSAGE });
  });
});

describe('isInfrastructureError', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });

  it.each(['08006', '08001', '57P01', '57P03', '53300', 'ECONNRESET', 'EPIPE', 'P1001', 'P2024'])('knows code %s', (code) => {
    expect(isInfrastructureError(withCode(code))).toBe(true);
  });

  it.each(['23505', '42P01', '22P02', 'P2002', 'P2025', 'ERR_INVALID_ARG_TYPE'])('leaves code %s to the other mappings', (code) => {
    expect(isInfrastructureError(withCode(code))).toBe(false);
  });

  it('looks through causes, aggregate errors and Prisma driver-adapter metadata', () => {
    expect(isInfrastructureError(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isInfrastructureError(new AggregateError([new Error('a'), withCode('ETIMEDOUT')]))).toBe(true);
    const prisma = Object.assign(new Error('Invalid invocation'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } } });
    expect(isInfrastructureError(prisma)).toBe(true);
    const unique = Object.assign(new Error('Invalid invocation'), { code: 'P2002', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } });
    expect(isInfrastructureError(unique)).toBe(false);
  });

  it('survives cyclic causes', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isInfrastructureError(a)).toBe(false);
  });
});
