import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { clientGoneSignal, handOverOnResponse } from './batch-handover';

const delivery = () => ({ returned: jest.fn() });
const response = (state: Partial<ServerResponse> = {}) =>
  Object.assign(new EventEmitter(), { destroyed: false, writableEnded: false, writableFinished: false, ...state }) as unknown as ServerResponse;

describe('handOverOnResponse', () => {
  it('keeps the batch in flight once the response finished (then close is ignored)', () => {
    const d = delivery();
    const res = response();
    expect(handOverOnResponse(d, res)).toBe(true);
    res.emit('finish');
    res.emit('close');
    expect(d.returned).not.toHaveBeenCalled();
  });

  it('returns the batch when the connection closed before the response finished', () => {
    const d = delivery();
    const res = response();
    handOverOnResponse(d, res);
    res.emit('close');
    expect(d.returned).toHaveBeenCalledTimes(1);
  });

  it('returns the batch at once when the client is already gone', () => {
    const d = delivery();
    expect(handOverOnResponse(d, response({ destroyed: true }))).toBe(false);
    expect(d.returned).toHaveBeenCalledTimes(1);
  });
});

describe('clientGoneSignal', () => {
  it('aborts only when the connection closed before the answer finished', () => {
    const early = response();
    const a = clientGoneSignal(early);
    early.emit('close');
    expect(a.aborted).toBe(true);
    const done = response({ writableFinished: true });
    const b = clientGoneSignal(done);
    done.emit('close');
    expect(b.aborted).toBe(false);
  });
});
