import { listenInode, statTicks } from './proc-cpu';

describe('/proc parsing', () => {
  it('finds the inode of the LISTEN socket on a port and ignores connections', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:115C 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 20 4 30 10 -1',
      '   1: 0100007F:115C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0000000000000000 100 0 0 10 0',
      '   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listenInode(table, 4444)).toBe(222);
    expect(listenInode(table, 8080)).toBe(333);
    expect(listenInode(table, 9999)).toBeNull();
  });

  it('reads utime + stime even when the command name has spaces and parentheses', () => {
    const stat = '1417 (node (gw) x) S 1288 1288 1288 0 -1 4194304 5000 0 0 0 250 75 0 0 20 0 11 0 100 0 0';
    expect(statTicks(stat)).toBe(325);
  });
});
