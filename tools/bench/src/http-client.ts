import { Agent, request } from 'node:http';

export interface HttpResponse {
  status: number;
  body: Buffer;
}

/**
 * A keep-alive HTTP/1.1 client with at most `maxSockets` connections: one
 * connection per concurrent worker, reused for every request (no per-request
 * connection setup in the measurements).
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly timeoutMs = 30_000,
  ) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  post(path: string, headers: Record<string, string>, body: Buffer): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path,
          agent: this.agent,
          headers: { ...headers, 'content-length': String(body.length) },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`POST ${path}: no response within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Throws with the status and the start of the body unless 200. */
export function expectOk(path: string, res: HttpResponse): HttpResponse {
  if (res.status !== 200) throw new Error(`POST ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
  return res;
}
