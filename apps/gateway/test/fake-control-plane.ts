import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TestSigningKey } from '../../../libs/auth/test/jwks-test-server';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Serves a JWKS and records /auth/* calls, answering what the test scripted. */
export class FakeControlPlane {
  keys: TestSigningKey[] = [];
  seen: SeenRequest[] = [];
  answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{"ok":true}' };
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/.well-known/jwks.json') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
          return;
        }
        this.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(this.answer.status, { 'content-type': 'application/json', ...this.answer.headers }).end(this.answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
