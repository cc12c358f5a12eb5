import { isUtf8 } from 'node:buffer';
import type { ConsumedRecord, MessageHeaders } from '@restgw/message-log';

export interface ConsumedMessageView {
  message: string;
  headers: MessageHeaders;
  encoding?: 'base64';
}

/** A record as consume/batch returns it: UTF-8 text, or base64 with `encoding` for binary payloads. */
export function toConsumedMessage(record: ConsumedRecord): ConsumedMessageView {
  if (isUtf8(record.value)) return { message: record.value.toString('utf8'), headers: record.headers };
  return { message: record.value.toString('base64'), headers: record.headers, encoding: 'base64' };
}
