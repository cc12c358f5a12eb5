import { expectOk, HttpClient } from './http-client';
import type { Measured, RunLimits } from './gateway-runner';
import { closedLoop } from './loop';
import { checkPeerProduceAnswer } from './peer-answer';
import { jsonBatch, textBody } from './payloads';
import type { Workload } from './workloads';

/**
 * The peer: an HTTP bridge speaking the Strimzi / Confluent REST v2 produce API
 * (POST /topics/<topic>, application/vnd.kafka.binary.v2+json, base64 values),
 * already running against the same broker (--peer-url). Produce workloads only;
 * topics are created beforehand by the native runner's admin.
 */
export function peerBody(values: Buffer[]): Buffer {
  return Buffer.from(JSON.stringify({ records: values.map((v) => ({ value: v.toString('base64') })) }));
}

export async function runPeer(peerUrl: string, w: Workload, topic: string, lim: RunLimits): Promise<Measured> {
  if (w.kind !== 'produce-single' && w.kind !== 'produce-batch') throw new Error(`${w.kind} is not run against the peer`);
  const n = w.kind === 'produce-batch' ? w.batch : 1;
  const value = w.kind === 'produce-batch' ? jsonBatch(1, w.size).element : textBody(w.size);
  const body = peerBody(Array.from({ length: n }, () => value));
  const client = new HttpClient(peerUrl, w.concurrency);
  const path = `/topics/${topic}`;
  const headers = { 'content-type': 'application/vnd.kafka.binary.v2+json', accept: 'application/vnd.kafka.v2+json' };
  try {
    return await closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
      checkPeerProduceAnswer(expectOk(path, await client.post(path, headers, body)).body, n);
      return { messages: n, bytes: n * w.size };
    });
  } finally {
    client.close();
  }
}
