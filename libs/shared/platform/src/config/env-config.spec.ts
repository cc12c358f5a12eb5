import { env, loadConfig } from './env-config';

describe('env.addressList (TRUST_PROXY, issue 11 finding 11)', () => {
  const spec = { TRUST_PROXY: env.addressList() };
  it('defaults to no proxy at all', () => {
    expect(loadConfig(spec, {}).TRUST_PROXY).toEqual([]);
  });
  it('takes IPs, CIDR ranges and proxy-addr names', () => {
    expect(loadConfig(spec, { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  });
  it.each(['true', '*', '10.0.0.0/33', 'gateway.internal', '1.2.3.4/8/1'])('refuses %p at boot, naming the variable', (value) => {
    expect(() => loadConfig(spec, { TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
