/** Pure rendering of results: console lines, markdown, SVG chart. */

export type System = 'gateway' | 'native' | 'peer' | 'java';

export interface ResultRow {
  workload: string;
  system: System;
  requests: number;
  messages: number;
  bytes: number;
  elapsedMs: number;
  messagesPerSec: number;
  requestsPerSec: number;
  mbPerSec: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** CPU seconds per 10,000 messages: the serving process (gateway, peer bridge), the kafkajs client (native) or the JVM of the Java tool (java, start-up included). */
  cpuSecPer10k: number | null;
  errors: number;
  firstError?: string;
  warmupMs?: number;
  /** 1-minute load average of the host when the run ended (the host is shared: read figures with it). */
  loadAvg1m?: number;
}

export interface Meta {
  startedAt: string;
  finishedAt?: string;
  host: { cpus: number; cpuModel: string; totalMemGiB: number; platform: string; loadAvg1mAtStart?: number; loadAvg1mAtEnd?: number };
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  peer: { status: string; detail: string; pid?: number | null; command?: string; settings?: string };
  /** Kafka's Java performance tools (the second ceiling): whether they ran, and their settings per workload. */
  java?: { status: string; detail: string; settings?: Record<string, Record<string, string>> };
  notes: string[];
}

export interface RatioRow {
  workload: string;
  gateway: number;
  native: number | null;
  /** gateway / native messages/s */
  ratio: number | null;
  addedP99Ms: number | null;
  peer: number | null;
  /** peer / native messages/s */
  peerRatio: number | null;
  /** Kafka's Java performance tool on the same workload (the second ceiling). */
  java: number | null;
  gatewayToJava: number | null;
  nativeToJava: number | null;
  peerToJava: number | null;
  /** gateway CPU per message / native client CPU per message */
  cpuRatio: number | null;
}

function share(a: number | null | undefined, b: number | null | undefined): number | null {
  return a !== null && a !== undefined && b !== null && b !== undefined && b > 0 ? a / b : null;
}

export function ratios(rows: ResultRow[]): RatioRow[] {
  const out: RatioRow[] = [];
  for (const g of rows.filter((r) => r.system === 'gateway')) {
    const find = (s: System) => rows.find((r) => r.system === s && r.workload === g.workload);
    const n = find('native');
    const p = find('peer');
    const j = find('java');
    out.push({
      workload: g.workload,
      gateway: g.messagesPerSec,
      native: n ? n.messagesPerSec : null,
      ratio: share(g.messagesPerSec, n?.messagesPerSec),
      addedP99Ms: n ? g.p99Ms - n.p99Ms : null,
      peer: p ? p.messagesPerSec : null,
      peerRatio: p ? share(p.messagesPerSec, n?.messagesPerSec) : null,
      java: j ? j.messagesPerSec : null,
      gatewayToJava: share(g.messagesPerSec, j?.messagesPerSec),
      nativeToJava: n ? share(n.messagesPerSec, j?.messagesPerSec) : null,
      peerToJava: p ? share(p.messagesPerSec, j?.messagesPerSec) : null,
      cpuRatio: share(g.cpuSecPer10k, n?.cpuSecPer10k),
    });
  }
  return out;
}

/** Compact human number: 3 significant digits, thousands separated. */
export function fmt(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return n.toFixed(Math.min(decimals, 4));
}

export function pct(r: number | null): string {
  return r === null || !Number.isFinite(r) ? '-' : `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`;
}

export const CONSOLE_HEADER = [
  'workload'.padEnd(30),
  'system'.padEnd(8),
  'msg/s'.padStart(10),
  'req/s'.padStart(9),
  'MB/s'.padStart(7),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'p99.9 ms'.padStart(9),
  'CPU s/10k'.padStart(10),
  'errors'.padStart(7),
  'load'.padStart(6),
].join(' ');

export function consoleLine(r: ResultRow): string {
  return [
    r.workload.padEnd(30),
    r.system.padEnd(8),
    fmt(r.messagesPerSec).padStart(10),
    fmt(r.requestsPerSec).padStart(9),
    fmt(r.mbPerSec).padStart(7),
    fmt(r.p50Ms).padStart(8),
    fmt(r.p99Ms).padStart(8),
    fmt(r.p999Ms).padStart(9),
    fmt(r.cpuSecPer10k).padStart(10),
    String(r.errors).padStart(7),
    fmt(r.loadAvg1m).padStart(6),
  ].join(' ');
}

function mdRow(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function renderMarkdown(meta: Meta, rows: ResultRow[]): string {
  const lines: string[] = [];
  lines.push(`# restgw benchmark, ${meta.startedAt}`, '');
  lines.push(
    `Host: ${meta.host.cpus} x ${meta.host.cpuModel}, ${meta.host.totalMemGiB} GiB, ${meta.host.platform}` +
      (meta.host.loadAvg1mAtStart !== undefined ? ` (1-min load average ${meta.host.loadAvg1mAtStart} at start, ${meta.host.loadAvg1mAtEnd} at end)` : '') +
      '. ' +
      Object.entries(meta.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '.',
    '',
  );
  lines.push('## Gateway vs native kafkajs vs Kafka\'s Java tools (messages/s)', '');
  lines.push(
    mdRow(['workload', 'gateway msg/s', 'native msg/s', 'Java msg/s', 'peer msg/s', 'gateway/native', 'gateway/Java', 'native/Java', 'peer/native', 'peer/Java', 'added p99 ms', 'CPU/msg gateway/native']),
  );
  lines.push(mdRow(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of ratios(rows)) {
    lines.push(
      mdRow([
        r.workload,
        fmt(r.gateway),
        fmt(r.native),
        fmt(r.java),
        fmt(r.peer),
        pct(r.ratio),
        pct(r.gatewayToJava),
        pct(r.nativeToJava),
        pct(r.peerRatio),
        pct(r.peerToJava),
        fmt(r.addedP99Ms),
        r.cpuRatio === null ? '-' : `${fmt(r.cpuRatio)}x`,
      ]),
    );
  }
  lines.push('', '## All measurements', '');
  lines.push(mdRow(['workload', 'system', 'msg/s', 'req/s', 'MB/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'CPU s / 10k msgs', 'requests', 'errors', 'load avg']));
  lines.push(mdRow(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of rows) {
    lines.push(
      mdRow([
        r.workload,
        r.system,
        fmt(r.messagesPerSec),
        fmt(r.requestsPerSec),
        fmt(r.mbPerSec),
        fmt(r.p50Ms),
        fmt(r.p99Ms),
        fmt(r.p999Ms),
        fmt(r.cpuSecPer10k),
        String(r.requests),
        r.errors ? `${r.errors} (${r.firstError ?? ''})` : '0',
        fmt(r.loadAvg1m),
      ]),
    );
  }
  lines.push('', `Peer: **${meta.peer.status}**. ${meta.peer.detail}`);
  if (meta.peer.pid) lines.push('', `Peer process ${meta.peer.pid}: \`${meta.peer.command ?? '?'}\``);
  if (meta.peer.settings) lines.push('', `Peer settings: ${meta.peer.settings}`);
  lines.push('');
  if (meta.java) {
    lines.push(`Kafka Java tools: **${meta.java.status}**. ${meta.java.detail}`, '');
    for (const [w, set] of Object.entries(meta.java.settings ?? {})) {
      lines.push(`- ${w}: ${Object.entries(set).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    }
    lines.push('');
  }
  lines.push('## Settings', '', '```json', JSON.stringify(meta.settings, null, 2), '```', '');
  if (meta.notes.length) lines.push('## Notes', '', ...meta.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLORS: Record<System, string> = { gateway: '#2b6cb0', native: '#9c9c9c', java: '#38a169', peer: '#dd6b20' };

/**
 * Horizontal grouped bars of messages/s per workload (gateway, native, peer
 * when measured), on a log10 axis because the workloads span 4+ decades.
 */
export function renderSvg(rows: ResultRow[], title = 'messages/s: gateway vs native kafkajs vs Kafka Java tools'): string {
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const systems = (['gateway', 'native', 'java', 'peer'] as System[]).filter((s) => rows.some((r) => r.system === s));
  const barH = 12;
  const groupH = systems.length * barH + 10;
  const left = 210;
  const width = 900;
  const plotW = width - left - 90;
  const top = 50;
  const height = top + workloads.length * groupH + 40;
  const values = rows.map((r) => r.messagesPerSec).filter((v) => v > 0);
  const maxExp = Math.ceil(Math.log10(Math.max(10, ...values)));
  const minExp = Math.min(maxExp - 1, Math.floor(Math.log10(Math.max(1, Math.min(...(values.length ? values : [1]))))));
  const x = (v: number) => (v <= 0 ? 0 : Math.max(0, ((Math.log10(v) - minExp) / (maxExp - minExp)) * plotW));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  systems.forEach((s, i) => {
    const lx = left + i * 110;
    out.push(`<rect x="${lx}" y="28" width="10" height="10" fill="${COLORS[s]}"/><text x="${lx + 14}" y="37">${s}</text>`);
  });
  for (let e = minExp; e <= maxExp; e++) {
    const gx = left + x(10 ** e);
    out.push(`<line x1="${gx.toFixed(1)}" y1="${top - 4}" x2="${gx.toFixed(1)}" y2="${height - 30}" stroke="#e2e2e2"/>`);
    out.push(`<text x="${gx.toFixed(1)}" y="${height - 16}" text-anchor="middle" fill="#555">${esc(fmt(10 ** e))}</text>`);
  }
  workloads.forEach((w, gi) => {
    const gy = top + gi * groupH;
    out.push(`<text x="${left - 6}" y="${gy + (systems.length * barH) / 2 + 4}" text-anchor="end">${esc(w)}</text>`);
    systems.forEach((s, si) => {
      const r = rows.find((row) => row.workload === w && row.system === s);
      if (!r) return;
      const y = gy + si * barH;
      const bw = x(r.messagesPerSec);
      out.push(`<rect x="${left}" y="${y}" width="${bw.toFixed(1)}" height="${barH - 2}" fill="${COLORS[s]}"><title>${esc(`${w} ${s}: ${fmt(r.messagesPerSec)} msg/s`)}</title></rect>`);
      out.push(`<text x="${(left + bw + 4).toFixed(1)}" y="${y + barH - 3}" fill="#333">${esc(fmt(r.messagesPerSec))}</text>`);
    });
  });
  out.push(`<text x="${left + plotW / 2}" y="${height - 3}" text-anchor="middle" fill="#555">messages/s (log scale)</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
