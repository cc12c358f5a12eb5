import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time of the process listening on a local TCP port, read from /proc
 * (Linux): the listening socket's inode from /proc/net/tcp{,6}, the process
 * owning that inode from /proc/<pid>/fd, utime+stime from /proc/<pid>/stat.
 */

/** Inode of the LISTEN socket on `port` in a /proc/net/tcp or tcp6 table, or null. */
export function listenInode(table: string, port: number): number | null {
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = f[1];
    const state = f[3];
    const localPort = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (state === '0A' && localPort === port) return Number(f[9]);
  }
  return null;
}

/** utime + stime clock ticks from the text of /proc/<pid>/stat. */
export function statTicks(stat: string): number {
  // The command name (field 2) may contain spaces or parentheses: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(rest[11]) + Number(rest[12]);
}

export function pidListeningOn(port: number): number | null {
  let inode: number | null = null;
  for (const t of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      inode = listenInode(readFileSync(t, 'utf8'), port);
    } catch {
      inode = null;
    }
    if (inode) break;
  }
  if (inode) {
    const target = `socket:[${inode}]`;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return Number(pid);
        } catch {
          /* fd closed meanwhile */
        }
      }
    }
  }
  // Fallback: ss prints users:(("node",pid=123,fd=20)) for the listener.
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

let clkTck: number | null = null;
function ticksPerSecond(): number {
  if (clkTck === null) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU seconds (user + system) the process used so far, or null if unreadable. */
export function processCpuSeconds(pid: number | null): number | null {
  if (!pid) return null;
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** This process's own CPU seconds (for the native client rows). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
