import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { GatewayReplica, Stack } from '@restgw/testing';
import { sleep } from './gateway-client';

interface Answer {
  status: number;
  body: string;
  retryAfter?: string;
  at: number;
}

/** One POST on a kept-alive connection of `agent`; a connection error resolves as status 0. */
function post(agent: Agent, url: string, token: string, body: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, retryAfter: res.headers['retry-after'] as string | undefined, at: Date.now() }));
      res.on('error', () => resolve({ status: 0, body: '', at: Date.now() }));
    });
    req.on('error', () => resolve({ status: 0, body: '', at: Date.now() }));
    req.end(body);
  });
}

/**
 * SIGTERM while clients keep connections alive and busy (producers and a long-
 * polling consumer): the replica hands its group over, answers what is in
 * flight, answers new requests 503 with the API's body, and exits by itself
 * within CONSUME_DRAIN_TIMEOUT_MS + 5 s. (Fastify's 72 s keep-alive timeout
 * used to hold the close.) Real processes.
 */
describe('graceful shutdown under keep-alive load', () => {
  const DRAIN_MS = 3_000;
  let stack: Stack;
  let token: string;
  let victim: GatewayReplica;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { CONSUME_DRAIN_TIMEOUT_MS: String(DRAIN_MS), CONSUME_LEASE_TTL_MS: '3000' } });
    victim = await stack.addGateway();
    token = (await stack.login(await stack.createTenant())).jwt;
  }, 120_000);
  afterAll(() => stack?.stop());

  it(`exits within CONSUME_DRAIN_TIMEOUT_MS + 5 s, answering only 200 or 503 with the API's body`, async () => {
    const station = `shutdown-${randomBytes(3).toString('hex')}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 6 });
    const answers: Answer[] = [];
    let running = true;
    const produceLoop = async () => {
      while (running) answers.push(await post(agent, `${victim.url}/stations/${station}/produce/single`, token, '{"n":1}'));
    };
    const consumeLoop = async () => {
      while (running) {
        const body = JSON.stringify({ consumer_name: 'c1', batch_size: 10, batch_max_wait_time_ms: 20_000 });
        answers.push(await post(agent, `${victim.url}/stations/${station}/consume/batch`, token, body));
      }
    };
    const first = await post(agent, `${victim.url}/stations/${station}/produce/single`, token, '{"n":0}'); // creates the station
    expect(first).toMatchObject({ status: 200 });
    const loops = [produceLoop(), produceLoop(), produceLoop(), consumeLoop()];
    await sleep(2_000);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(10);

    // One more client: a long poll in flight at the signal, then an idle kept-alive connection.
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const lastPoll = post(idleAgent, `${victim.url}/stations/${station}/consume/batch`, token, JSON.stringify({ consumer_name: 'c2', batch_max_wait_time_ms: 25_000 }));
    await sleep(300);

    const signalled = Date.now();
    const exited = victim.process.exited;
    process.kill(victim.process.pid, 'SIGTERM');
    const code = await exited;
    const tookMs = Date.now() - signalled;
    running = false;
    await Promise.all(loops);
    agent.destroy();
    expect((await lastPoll).status).toBe(200); // answered (possibly empty) when the server closed
    idleAgent.destroy();

    expect(code).not.toBe(1); // the orderly close (Nest re-raises the signal), not the deadline's exit(1)
    expect(tookMs).toBeLessThan(DRAIN_MS + 5_000);
    const during = answers.filter((a) => a.at >= signalled);
    const unexpected = during.filter((a) => a.status !== 0 && a.status !== 200 && a.status !== 503);
    expect(unexpected).toEqual([]);
    for (const a of during.filter((x) => x.status === 503)) {
      expect(JSON.parse(a.body)).toEqual({ error: expect.any(String), success: false });
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(victim.process.logs()).not.toMatch(/took longer than/);
  }, 60_000);
});
