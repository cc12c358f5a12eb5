import { outageListener } from './outage-log';

describe('outageListener', () => {
  afterEach(() => jest.useRealTimers());

  it('reports the first error, then at most one line per interval with the count folded in', () => {
    jest.useFakeTimers({ now: 0 });
    const lines: string[] = [];
    const listener = outageListener('Redis', (m) => lines.push(m), 1000);
    listener(new Error('connect ECONNREFUSED'));
    listener(new Error('connect ECONNREFUSED'));
    listener(new Error('connect ECONNREFUSED'));
    jest.setSystemTime(1000);
    listener(new Error('connect ECONNREFUSED'));
    expect(lines).toEqual(['Redis unavailable: connect ECONNREFUSED', 'Redis unavailable: connect ECONNREFUSED (2 more errors since the last report)']);
  });
});
