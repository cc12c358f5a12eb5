import { DomainError } from '@restgw/platform';
import { headerBytes, messageHeaders } from './message-headers';

describe('messageHeaders', () => {
  it('keeps the client spelling and drops hop-by-hop headers and secrets', () => {
    const raw = [
      'Host', 'gw:4444',
      'Content-Type', 'application/json',
      'X-Trace-ID', 'abc',
      'Authorization', 'Bearer secret',
      'proxy-authorization', 'Basic x',
      'Cookie', 'a=b',
      'Connection', 'keep-alive',
      'Keep-Alive', 'timeout=5',
      'Transfer-Encoding', 'chunked',
      'Upgrade', 'h2c',
      'TE', 'trailers',
      'Trailer', 'X-Foo',
      'Content-Length', '12',
    ];
    expect(messageHeaders(raw)).toEqual({ Host: 'gw:4444', 'Content-Type': 'application/json', 'X-Trace-ID': 'abc' });
  });

  it('keeps the first value of a repeated name (any case), as Memphis does', () => {
    expect(messageHeaders(['X-A', '1', 'x-a', '2', 'X-B', '3', 'X-A', '4'])).toEqual({ 'X-A': '1', 'X-B': '3' });
  });

  it.each(['$memphis_producedBy', '$Memphis-x', '$MEMPHIS'])('refuses the reserved name %p with 400', (name) => {
    expect(() => messageHeaders([name, 'x'])).toThrow(DomainError);
    expect(() => messageHeaders([name, 'x'])).toThrow(/\$memphis/);
  });

  it('allows names that merely contain memphis', () => {
    expect(messageHeaders(['X-$memphis', 'ok'])).toEqual({ 'X-$memphis': 'ok' });
  });

  it('counts header bytes', () => {
    expect(headerBytes({ ab: 'cde', é: 'x' })).toBe(2 + 3 + 2 + 1);
  });
});

describe('trace context', () => {
  it('keeps traceparent and tracestate as message headers', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(messageHeaders(['traceparent', traceparent, 'tracestate', 'vendor=x', 'Authorization', 'Bearer t'])).toEqual({ traceparent, tracestate: 'vendor=x' });
  });
});

