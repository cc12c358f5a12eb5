import { packageOf, renderSummary, summarizeProfile, type CpuProfile } from './cpuprofile-summary';

// root -> idle; root -> handler (dist gateway) -> encode (kafkajs) ; handler -> write (native)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 3, callFrame: { functionName: 'handler', url: 'file:///w/dist/apps/gateway/src/produce.js', lineNumber: 9 }, children: [4, 5] },
    { id: 4, callFrame: { functionName: 'encode', url: 'file:///w/node_modules/kafkajs/src/protocol/encoder.js', lineNumber: 0 } },
    { id: 5, callFrame: { functionName: 'writev', url: '', lineNumber: -1 } },
  ],
  samples: [2, 4, 4, 4, 5, 3, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 3000],
};

describe('cpuprofile summary', () => {
  it('ranks self time of busy time by package and function, and counts stacks holding a pattern', () => {
    const s = summarizeProfile(profile, 10, ['kafkajs/src/protocol', 'apps/gateway']);
    expect(s).toMatchObject({ totalMs: 9, idleMs: 4, busyMs: 5 });
    expect(s.byPackage).toEqual([
      ['kafkajs', 0.6],
      ['dist/apps/gateway/src', 0.2],
      ['writev', 0.2],
    ]);
    expect(s.byFunction[0]).toEqual(['encode nm/kafkajs/src/protocol/encoder.js:1', 0.6]);
    expect(s.stackHas).toEqual([
      ['kafkajs/src/protocol', 0.6],
      ['apps/gateway', 1],
    ]);
    expect(renderSummary(s)).toContain(' 60.0%  kafkajs');
  });

  it('names scoped packages with their scope', () => {
    expect(packageOf({ id: 1, callFrame: { functionName: 'f', url: 'file:///x/node_modules/@nestjs/core/a.js', lineNumber: 0 } })).toBe('@nestjs/core');
  });
});
