import { JsonResponse, requestJson } from '@restgw/testing';

/** Station-route calls against a running gateway, as a customer's client makes them. */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    public token: string,
  ) {}

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  produce(station: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/plain' }, query = ''): Promise<JsonResponse> {
    return requestJson(`${this.baseUrl}/stations/${station}/produce/single${query}`, { method: 'POST', headers: { ...this.auth(), ...headers }, body });
  }

  produceBatch(station: string, body: string, headers: Record<string, string> = {}, query = ''): Promise<JsonResponse> {
    return requestJson(`${this.baseUrl}/stations/${station}/produce/batch${query}`, {
      method: 'POST',
      headers: { ...this.auth(), 'content-type': 'application/json', ...headers },
      body,
    });
  }

  consume(station: string, body: Record<string, unknown> | string, query = ''): Promise<JsonResponse> {
    return requestJson(`${this.baseUrl}/stations/${station}/consume/batch${query}`, {
      method: 'POST',
      headers: { ...this.auth(), 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Consumes until `count` messages arrived (or the attempts run out). */
  async consumeAll(station: string, body: Record<string, unknown>, count: number, attempts = 10): Promise<any[]> {
    const out: any[] = [];
    for (let i = 0; i < attempts && out.length < count; i++) {
      const res = await this.consume(station, { batch_max_wait_time_ms: 1000, ...body });
      if (res.status !== 200) throw new Error(`consume -> ${res.status} ${res.text}`);
      out.push(...res.body);
    }
    return out;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() holds; returns the elapsed milliseconds. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}
