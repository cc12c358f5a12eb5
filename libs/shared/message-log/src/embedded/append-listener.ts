import { Client } from 'pg';

const RECONNECT_MS = 1_000;

/**
 * One LISTEN connection per backend: producers NOTIFY the topic they appended
 * to (delivered at their commit), and waiting readers of that topic load the
 * new records. While the connection is down, onGap tells every reader to look
 * once (notifications sent meanwhile are lost), and again after reconnecting.
 */
export class AppendListener {
  private client: Client | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onAppend: (topic: string) => void,
    private readonly onGap: () => void,
  ) {}

  /** Resolves once listening (first call), or rejects with the connection error. */
  start(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'restgw-embedded-log-listen' });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) this.onAppend(n.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (e) {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.onGap();
  }

  private lost(client: Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.onGap();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connecting = this.connect().catch(() => undefined);
    }, RECONNECT_MS);
    this.retryTimer.unref();
  }
}
