import { expectOk, HttpClient } from './http-client';
import { closedLoop, type LoopResult } from './loop';
import { jsonBatch, textBody } from './payloads';
import type { Workload } from './workloads';

export interface Credentials {
  username: string;
  password: string;
  accountId?: number;
}

export interface RunLimits {
  durationMs: number;
  maxOps: number;
}

export interface Measured extends LoopResult {
  /** Time before the measured window (consume: group join + first batch). */
  warmupMs?: number;
}

export function authBody(c: Credentials, tokenMinutes = 120): Buffer {
  return Buffer.from(
    JSON.stringify({
      username: c.username,
      password: c.password,
      ...(c.accountId !== undefined ? { account_id: c.accountId } : {}),
      token_expiry_in_minutes: tokenMinutes,
    }),
  );
}

export async function login(gatewayUrl: string, c: Credentials): Promise<string> {
  const client = new HttpClient(gatewayUrl, 1);
  try {
    const res = await client.post('/auth/authenticate', { 'content-type': 'application/json' }, authBody(c));
    if (res.status !== 200) {
      throw new Error(`login as ${c.username} through ${gatewayUrl} failed: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
    }
    return JSON.parse(res.body.toString('utf8')).jwt as string;
  } finally {
    client.close();
  }
}

/**
 * One workload against the gateway's HTTP API. `measuring` is called when the
 * measured window starts (consume: after the pre-fill and the warm-up batch),
 * so CPU read there covers what the figures count.
 */
export async function runGateway(
  gatewayUrl: string,
  token: string,
  creds: Credentials,
  w: Workload,
  station: string,
  lim: RunLimits,
  measuring: () => void = () => undefined,
): Promise<Measured> {
  const auth = `Bearer ${token}`;
  switch (w.kind) {
    case 'produce-single': {
      const client = new HttpClient(gatewayUrl, w.concurrency);
      const body = textBody(w.size);
      const path = `/stations/${station}/produce/single`;
      const headers = { authorization: auth, 'content-type': 'application/octet-stream' };
      try {
        return await closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
          expectOk(path, await client.post(path, headers, body));
          return { messages: 1, bytes: w.size };
        });
      } finally {
        client.close();
      }
    }
    case 'produce-batch': {
      const client = new HttpClient(gatewayUrl, w.concurrency);
      const { body } = jsonBatch(w.batch, w.size);
      const path = `/stations/${station}/produce/batch`;
      const headers = { authorization: auth, 'content-type': 'application/json' };
      try {
        return await closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
          expectOk(path, await client.post(path, headers, body));
          return { messages: w.batch, bytes: w.batch * w.size };
        });
      } finally {
        client.close();
      }
    }
    case 'consume-batch':
      return consumeGateway(gatewayUrl, auth, w, station, lim, measuring);
    case 'authenticate': {
      const client = new HttpClient(gatewayUrl, w.concurrency);
      const body = authBody(creds, 5);
      try {
        return await closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
          expectOk('/auth/authenticate', await client.post('/auth/authenticate', { 'content-type': 'application/json' }, body));
          return { messages: 1, bytes: 0 };
        });
      } finally {
        client.close();
      }
    }
  }
}

/** Pre-fills the station with batches of 1,000, then drains it with one consumer in a fresh group. */
async function consumeGateway(
  gatewayUrl: string,
  auth: string,
  w: Extract<Workload, { kind: 'consume-batch' }>,
  station: string,
  lim: RunLimits,
  measuring: () => void,
): Promise<Measured> {
  const client = new HttpClient(gatewayUrl, 1, 60_000);
  try {
    const fill = jsonBatch(1000, w.size);
    const producePath = `/stations/${station}/produce/batch`;
    for (let sent = 0; sent < w.prefill; sent += 1000) {
      const n = Math.min(1000, w.prefill - sent);
      const body = n === 1000 ? fill.body : jsonBatch(n, w.size).body;
      expectOk(producePath, await client.post(producePath, { authorization: auth, 'content-type': 'application/json' }, body));
    }
    const path = `/stations/${station}/consume/batch`;
    const group = `g-${Date.now().toString(36)}`;
    const body = Buffer.from(JSON.stringify({ consumer_name: group, consumer_group: group, batch_size: w.batch, batch_max_wait_time_ms: 1000 }));
    const headers = { authorization: auth, 'content-type': 'application/json' };
    const fetchBatch = async () => {
      const res = expectOk(path, await client.post(path, headers, body));
      const msgs = JSON.parse(res.body.toString('utf8')) as Array<{ message: string }>;
      let bytes = 0;
      for (const m of msgs) bytes += Buffer.byteLength(m.message);
      return { messages: msgs.length, bytes };
    };
    // Warm-up: the first batch includes joining the group; it is not measured.
    const t0 = performance.now();
    let remaining = w.prefill;
    let first = { messages: 0, bytes: 0 };
    for (let i = 0; i < 10 && first.messages === 0; i++) first = await fetchBatch();
    remaining -= first.messages;
    const warmupMs = performance.now() - t0;
    measuring();
    let empties = 0;
    const r = await closedLoop({ concurrency: 1, durationMs: lim.durationMs, maxOps: Math.min(lim.maxOps, Math.ceil(remaining / w.batch) + 5) }, async () => {
      const got = await fetchBatch();
      remaining -= got.messages;
      empties = got.messages === 0 ? empties + 1 : 0;
      return { ...got, stop: remaining <= 0 || empties >= 2 };
    });
    return { ...r, warmupMs };
  } finally {
    client.close();
  }
}
