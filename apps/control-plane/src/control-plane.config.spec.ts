import { loadControlPlaneConfig } from './control-plane.config';

describe('control plane config: fleet view timings', () => {
  it('defaults to gone after 15 s and dropped after 1 h', () => {
    const c = loadControlPlaneConfig({});
    expect([c.FLEET_GONE_AFTER_MS, c.FLEET_DROP_AFTER_MS]).toEqual([15_000, 3_600_000]);
  });

  it('refuses at boot a drop time not above the gone time, and values out of range', () => {
    expect(() => loadControlPlaneConfig({ FLEET_GONE_AFTER_MS: '20000', FLEET_DROP_AFTER_MS: '20000' })).toThrow(/FLEET_DROP_AFTER_MS \(20000\) must be greater than FLEET_GONE_AFTER_MS/);
    expect(() => loadControlPlaneConfig({ FLEET_GONE_AFTER_MS: '10' })).toThrow(/FLEET_GONE_AFTER_MS/);
    expect(() => loadControlPlaneConfig({ FLEET_GONE_AFTER_MS: 'soon' })).toThrow(/FLEET_GONE_AFTER_MS/);
  });
});
