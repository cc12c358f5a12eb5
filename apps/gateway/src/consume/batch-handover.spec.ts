import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { handOverOnResponse } from './batch-handover';

const batch = () => ({ records: [], commit: jest.fn(async () => undefined), release: jest.fn(async () => undefined) });
const response = (state: Partial<ServerResponse> = {}) => Object.assign(new EventEmitter(), { destroyed: false, writableEnded: false, ...state }) as unknown as ServerResponse;

describe('handOverOnResponse', () => {
  it('commits once the response finished (then close is ignored)', () => {
    const b = batch();
    const res = response();
    expect(handOverOnResponse(b, res)).toBe(true);
    res.emit('finish');
    res.emit('close');
    expect(b.commit).toHaveBeenCalledTimes(1);
    expect(b.release).not.toHaveBeenCalled();
  });

  it('releases when the connection closed before the response finished', () => {
    const b = batch();
    const res = response();
    handOverOnResponse(b, res);
    res.emit('close');
    res.emit('finish');
    expect(b.release).toHaveBeenCalledTimes(1);
    expect(b.commit).not.toHaveBeenCalled();
  });

  it('releases at once when the client is already gone', () => {
    const b = batch();
    expect(handOverOnResponse(b, response({ destroyed: true }))).toBe(false);
    expect(b.release).toHaveBeenCalledTimes(1);
  });
});
