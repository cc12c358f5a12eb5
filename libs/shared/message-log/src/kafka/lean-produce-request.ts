import { crc32c } from './crc32c';

/**
 * A lean encoder for kafkajs's Produce requests (v3-v7 share one body), byte
 * for byte what kafkajs writes: one exactly sized buffer, each value copied
 * once, a headers object shared by a batch's records encoded once, CRC-32C
 * eight bytes at a time. kafkajs builds an Encoder per record and per header
 * (zero-filled 512-byte buffers, grown and copied), copies each record three
 * more times while nesting batch, partition and topic, and checksums byte by
 * byte: that was 30-40% of the gateway's CPU on batch produce.
 *
 * Only the shape the gateway sends takes this path (no compression, no
 * per-message timestamps); anything else is encoded by kafkajs as before.
 */

type Bytes = Buffer | string | null | undefined;
type HeaderValue = Bytes | Bytes[];

export interface LeanMessage {
  key?: Bytes;
  value: Bytes;
  headers?: Record<string, HeaderValue> | null;
  timestamp?: string | number | null;
}

export interface LeanProduceArgs {
  acks: number;
  timeout: number;
  compression?: number;
  transactionalId?: string | null;
  /** kafkajs's Long (BigInt based) or a number. */
  producerId?: unknown;
  producerEpoch?: number;
  topicData: Array<{ topic: string; partitions: Array<{ partition: number; firstSequence?: number; messages: LeanMessage[] }> }>;
}

const NONE = 0;
const MAGIC = 2;

function zigzag(v: number): number {
  return ((v << 1) ^ (v >> 31)) >>> 0;
}

function sizeOfUVarInt(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v >>>= 7;
    n++;
  }
  return n;
}

const sizeOfVarInt = (v: number) => sizeOfUVarInt(zigzag(v));

function writeUVarInt(buf: Buffer, pos: number, v: number): number {
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

const writeVarInt = (buf: Buffer, pos: number, v: number) => writeUVarInt(buf, pos, zigzag(v));

function toBuffer(v: Bytes): Buffer | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
}

const sizeOfVarIntBytes = (b: Buffer | null) => (b === null ? 1 : sizeOfVarInt(b.length) + b.length);

function writeVarIntBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) return writeVarInt(buf, pos, -1);
  pos = writeVarInt(buf, pos, b.length);
  b.copy(buf, pos);
  return pos + b.length;
}

/** A record's headers section (varint count, then key/value pairs), as kafkajs orders them. */
function encodeHeaders(headers: LeanMessage['headers']): Buffer {
  const pairs: Array<[Buffer, Buffer | null]> = [];
  if (headers) {
    for (const name of Object.keys(headers)) {
      const v = headers[name];
      const key = Buffer.from(name, 'utf8');
      if (Array.isArray(v)) for (const item of v) pairs.push([key, toBuffer(item)]);
      else pairs.push([key, toBuffer(v)]);
    }
  }
  let size = sizeOfVarInt(pairs.length);
  for (const [k, v] of pairs) size += sizeOfVarIntBytes(k) + sizeOfVarIntBytes(v);
  const out = Buffer.allocUnsafe(size);
  let pos = writeVarInt(out, 0, pairs.length);
  for (const [k, v] of pairs) pos = writeVarIntBytes(out, writeVarIntBytes(out, pos, k), v);
  return out;
}

interface PreparedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Buffer;
  bodySize: number;
}

interface PreparedPartition {
  partition: number;
  firstSequence: number;
  records: PreparedRecord[];
  /** Bytes of the record batch from partitionLeaderEpoch on (the batchLength field's value). */
  batchLength: number;
}

/** int64 from kafkajs's Long, a bigint or a number. */
function toBigInt(v: unknown): bigint {
  if (v === undefined || v === null) return -1n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  const inner = (v as { value?: unknown }).value;
  if (typeof inner === 'bigint') return inner;
  return BigInt(String(v));
}

/**
 * The Produce request body (what kafkajs's request.encode() yields), or null
 * when the request is not one this encoder handles.
 */
export function encodeProduceRequestBody(args: LeanProduceArgs, now = Date.now()): Buffer | null {
  if ((args.compression ?? NONE) !== NONE) return null;
  const txId = args.transactionalId ?? null;
  const txBytes = txId === null ? null : Buffer.from(txId, 'utf8');
  const producerId = toBigInt(args.producerId);
  const producerEpoch = args.producerEpoch ?? 0;

  let total = 2 + (txBytes?.length ?? 0) + 2 + 4 + 4;
  const topics: Array<{ name: Buffer; partitions: PreparedPartition[] }> = [];
  for (const t of args.topicData) {
    const name = Buffer.from(t.topic, 'utf8');
    total += 2 + name.length + 4;
    const partitions: PreparedPartition[] = [];
    for (const p of t.partitions) {
      let lastHeaders: LeanMessage['headers'] | undefined;
      let lastEncoded: Buffer = Buffer.alloc(0);
      let recordsBytes = 0;
      const records: PreparedRecord[] = [];
      for (let i = 0; i < p.messages.length; i++) {
        const m = p.messages[i];
        if (m.timestamp !== undefined && m.timestamp !== null) return null;
        if (i === 0 || m.headers !== lastHeaders) {
          lastHeaders = m.headers;
          lastEncoded = encodeHeaders(m.headers);
        }
        const key = toBuffer(m.key);
        const value = toBuffer(m.value);
        // attributes + timestampDelta (0: one varlong byte) + offsetDelta + key + value + headers
        const bodySize = 1 + 1 + sizeOfVarInt(i) + sizeOfVarIntBytes(key) + sizeOfVarIntBytes(value) + lastEncoded.length;
        records.push({ key, value, headers: lastEncoded, bodySize });
        recordsBytes += sizeOfVarInt(bodySize) + bodySize;
      }
      // partitionLeaderEpoch 4, magic 1, crc 4, attributes 2, lastOffsetDelta 4, 2 x timestamp 16, producerId 8, epoch 2, sequence 4, count 4
      const batchLength = 4 + 1 + 4 + 2 + 4 + 16 + 8 + 2 + 4 + 4 + recordsBytes;
      partitions.push({ partition: p.partition, firstSequence: p.firstSequence ?? 0, records, batchLength });
      // partition 4, record set size 4, firstOffset 8, batchLength 4, batch
      total += 4 + 4 + 8 + 4 + batchLength;
    }
    topics.push({ name, partitions });
  }

  const buf = Buffer.allocUnsafe(total);
  let pos = 0;
  if (txBytes === null) {
    pos = buf.writeInt16BE(-1, pos);
  } else {
    pos = buf.writeInt16BE(txBytes.length, pos);
    pos += txBytes.copy(buf, pos);
  }
  pos = buf.writeInt16BE(args.acks, pos);
  pos = buf.writeInt32BE(args.timeout, pos);
  pos = buf.writeInt32BE(topics.length, pos);
  for (const t of topics) {
    pos = buf.writeInt16BE(t.name.length, pos);
    pos += t.name.copy(buf, pos);
    pos = buf.writeInt32BE(t.partitions.length, pos);
    for (const p of t.partitions) {
      pos = buf.writeInt32BE(p.partition, pos);
      pos = buf.writeInt32BE(8 + 4 + p.batchLength, pos);
      pos = buf.writeBigInt64BE(0n, pos); // firstOffset
      pos = buf.writeInt32BE(p.batchLength, pos);
      pos = buf.writeInt32BE(0, pos); // partitionLeaderEpoch
      pos = buf.writeInt8(MAGIC, pos);
      const crcAt = pos;
      pos += 4;
      const bodyStart = pos;
      pos = buf.writeInt16BE(0, pos); // attributes: no compression, create time, not transactional
      if (txId !== null) buf.writeInt16BE(16, bodyStart); // the transactional bit, as kafkajs sets it
      pos = buf.writeInt32BE(p.records.length - 1, pos);
      pos = buf.writeBigInt64BE(BigInt(now), pos);
      pos = buf.writeBigInt64BE(BigInt(now), pos);
      pos = buf.writeBigInt64BE(producerId, pos);
      pos = buf.writeInt16BE(producerEpoch, pos);
      pos = buf.writeInt32BE(p.firstSequence, pos);
      pos = buf.writeInt32BE(p.records.length, pos);
      for (let i = 0; i < p.records.length; i++) {
        const r = p.records[i];
        pos = writeVarInt(buf, pos, r.bodySize);
        buf[pos++] = 0; // record attributes
        buf[pos++] = 0; // timestampDelta 0
        pos = writeVarInt(buf, pos, i);
        pos = writeVarIntBytes(buf, pos, r.key);
        pos = writeVarIntBytes(buf, pos, r.value);
        pos += r.headers.copy(buf, pos);
      }
      buf.writeUInt32BE(crc32c(buf, bodyStart, pos), crcAt);
    }
  }
  if (pos !== total) throw new Error(`lean produce encoder: wrote ${pos} of ${total} bytes`);
  return buf;
}

/** kafkajs's requests/produce module: `protocol({ version })` gives the request factory, looked up per produce. */
interface ProduceDefinition {
  versions: string[];
  protocol: (o: { version: number }) => (args: LeanProduceArgs) => { request: { encode: () => Promise<unknown> }; response: unknown };
  leanInstalled?: boolean;
}

interface EncoderLike {
  buf: Buffer;
  offset: number;
}

/**
 * Routes kafkajs's Produce requests (v3 and later) through the lean encoder.
 * kafkajs looks the request factory up on its produce definition for every
 * produce, so replacing `protocol` there takes effect at once; the result is
 * handed back as a kafkajs Encoder holding the buffer.
 */
export function installLeanProduceEncoder(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs internals, pinned version (2.2.4) */
  const definition = require('kafkajs/src/protocol/requests/produce') as ProduceDefinition;
  const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => EncoderLike;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (definition.leanInstalled) return;
  const original = definition.protocol;
  definition.protocol = ({ version }) => {
    const make = original({ version });
    if (version < 3) return make;
    return (args) => {
      const made = make(args);
      const kafkajsEncode = made.request.encode;
      return {
        ...made,
        request: {
          ...made.request,
          encode: async () => {
            const body = encodeProduceRequestBody(args);
            if (!body) return kafkajsEncode();
            const enc = new Encoder(0);
            enc.buf = body;
            enc.offset = body.length;
            return enc;
          },
        },
      };
    };
  };
  definition.leanInstalled = true;
}
