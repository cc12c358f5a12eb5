import { scrubSecrets } from './secret-scrubber';
import { requestIdFrom } from './request-context';

describe('scrubSecrets', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl';

  it.each([
    [`GET /x?authorization=${jwt}&a=1`, `GET /x?authorization=[REDACTED]&a=1`],
    [`header Bearer abc.def-123 sent`, `header Bearer [REDACTED] sent`],
    [`token ${jwt} failed`, `token [REDACTED] failed`],
    [`body {"username":"u","password":"hunter2"}`, `body {"username":"u","password":"[REDACTED]"}`],
    [`api_key=k-123 used`, `api_key=[REDACTED] used`],
    [`key rgw_ck_AbCdEfGh${'x'.repeat(35)} refused`, `key rgw_ck_AbCdEfGh[REDACTED] refused`],
    [`"x-api-key":"rgw_op_AbCdEfGh-_123"`, `"x-api-key":"rgw_op_AbCdEfGh[REDACTED]"`],
    [`actor rgw_op_AbCdEfGh... (terraform)`, `actor rgw_op_AbCdEfGh... (terraform)`],
  ])('redacts %s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('station orders produced 3 messages')).toBe('station orders produced 3 messages');
  });
});

describe('requestIdFrom', () => {
  it('keeps a sane caller id and replaces a missing or hostile one', () => {
    expect(requestIdFrom('req-1.a:b_c')).toBe('req-1.a:b_c');
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('a "b" {')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
