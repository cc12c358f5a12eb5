/**
 * Text summary of a V8 .cpuprofile (node --cpu-prof): self time by package
 * and by function, and the share of busy time whose stack holds a pattern.
 * Percentages are of busy time (everything but the idle node).
 */

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

type Frame = CpuProfile['nodes'][number];

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, 'nm/')
    .replace(/^.*\/dist\//, 'dist/');
}

export function frameKey(n: Frame): string {
  return `${n.callFrame.functionName || '(anon)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
}

/** npm package, dist/<area>/<lib>, node:<module>, or the frame's name for native frames. */
export function packageOf(n: Frame): string {
  const url = n.callFrame.url;
  if (url.includes('node_modules/')) {
    const parts = url.split('node_modules/').pop()!.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/')) return `dist/${url.split('/dist/')[1].split('/').slice(0, 3).join('/')}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return n.callFrame.functionName || url || '(native)';
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  byPackage: Array<[string, number]>;
  byFunction: Array<[string, number]>;
  stackHas: Array<[string, number]>;
}

/** Shares (0..1 of busy time), largest first, `top` of each list. */
export function summarizeProfile(p: CpuProfile, top = 25, stackPatterns: string[] = []): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + d);
    total += d;
  });
  let idle = 0;
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  const has = stackPatterns.map((s) => ({ s, re: new RegExp(s), t: 0 }));
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') {
      idle += t;
      continue;
    }
    pkg.set(packageOf(n), (pkg.get(packageOf(n)) ?? 0) + t);
    fn.set(frameKey(n), (fn.get(frameKey(n)) ?? 0) + t);
    for (const h of has) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const f = byId.get(cur)!.callFrame;
        if (h.re.test(`${f.url} ${f.functionName}`)) {
          h.t += t;
          break;
        }
      }
    }
  }
  const busy = total - idle;
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([k, t]): [string, number] => [k, busy > 0 ? t / busy : 0]);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    busyMs: busy / 1000,
    byPackage: rank(pkg),
    byFunction: rank(fn),
    stackHas: has.map((h): [string, number] => [h.s, busy > 0 ? h.t / busy : 0]),
  };
}

export function renderSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`total ${(s.totalMs / 1000).toFixed(2)} s, idle ${(s.idleMs / 1000).toFixed(2)} s, busy ${(s.busyMs / 1000).toFixed(2)} s (shares are of busy time)`];
  lines.push('', '== self time by package', ...s.byPackage.map(([k, x]) => `${pct(x)}  ${k}`));
  lines.push('', '== self time by function', ...s.byFunction.map(([k, x]) => `${pct(x)}  ${k}`));
  if (s.stackHas.length) lines.push('', '== stack holds', ...s.stackHas.map(([k, x]) => `${pct(x)}  /${k}/`));
  return lines.join('\n') + '\n';
}
