import { toHeaders } from './group-consumer';

describe('toHeaders', () => {
  it('turns kafkajs header Buffers into UTF-8 strings and joins repeated names', () => {
    expect(
      toHeaders({
        'content-type': Buffer.from('application/json'),
        'x-ünï': Buffer.from('välue ✓'),
        plain: 'already a string',
        repeated: [Buffer.from('a'), Buffer.from('b')],
        missing: undefined,
      }),
    ).toEqual({ 'content-type': 'application/json', 'x-ünï': 'välue ✓', plain: 'already a string', repeated: 'a, b' });
    expect(toHeaders(undefined)).toEqual({});
  });
});
