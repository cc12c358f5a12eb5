/**
 * A store connection's health as operators and callers need it: one report
 * when it is lost and one when it is back (not one per retry), and reconnect
 * listeners (the control plane republishes then, since the store may have
 * restarted empty).
 */
export class ConnectionWatch {
  private state: 'new' | 'up' | 'down' = 'new';
  private readonly reconnectListeners: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  lost(e: Error): void {
    if (this.state === 'down') return;
    this.state = 'down';
    this.report(`${this.name} unreachable (${e.message})`);
  }

  /** Connected; after an earlier connection (or a failed first attempt), the reconnect listeners run. */
  connected(): void {
    const again = this.state !== 'new';
    if (this.state === 'down') this.report(`${this.name} reachable again`);
    this.state = 'up';
    if (again) for (const l of this.reconnectListeners) l();
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }
}
