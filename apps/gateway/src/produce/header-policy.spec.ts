import { HeaderPolicy } from './header-policy';
import { messageHeaders } from './message-headers';

const raw = ['X-Api-Key', 'k', 'X-Auth-Token', 't', 'Api-Key', 'a', 'X-Amz-Security-Token', 's', 'X-Trace-Id', 'tr', 'Authorization', 'Bearer x', 'X-Secret', 'z'];

describe('HeaderPolicy (issue 11 finding 10)', () => {
  it('drops the default credential set', () => {
    expect(messageHeaders(raw)).toEqual({ 'X-Trace-Id': 'tr', 'X-Secret': 'z' });
  });
  it('drops names operators add, in any case', () => {
    expect(messageHeaders(raw, new HeaderPolicy({ drop: ['x-SECRET'] }))).toEqual({ 'X-Trace-Id': 'tr' });
  });
  it('copies only allowed names in allow-list mode, never Authorization or hop-by-hop ones', () => {
    const policy = new HeaderPolicy({ allow: ['X-Trace-Id', 'Authorization', 'Connection', 'X-Api-Key'] });
    expect(messageHeaders([...raw, 'Connection', 'close'], policy)).toEqual({ 'X-Trace-Id': 'tr', 'X-Api-Key': 'k' });
  });
});
