import { checkPeerProduceAnswer } from './peer-answer';

// Answers in the shape the Strimzi Kafka Bridge gives to POST /topics/<topic> (REST v2, 200 in every case below).
const allStored = '{"offsets":[{"partition":0,"offset":41},{"partition":0,"offset":42}]}';
const oneFailed = '{"offsets":[{"partition":0,"offset":41},{"error_code":500,"message":"Topic bench-x not present in metadata after 60000 ms."}]}';
const allFailed =
  '{"offsets":[{"error_code":500,"message":"org.apache.kafka.common.errors.RecordTooLargeException"},{"error_code":500,"message":"org.apache.kafka.common.errors.RecordTooLargeException"}]}';

describe('checkPeerProduceAnswer', () => {
  it('accepts an answer where every record has a partition and an offset', () => {
    expect(() => checkPeerProduceAnswer(Buffer.from(allStored), 2)).not.toThrow();
  });

  it('fails a 200 answer that carries a per-record error_code, naming it', () => {
    expect(() => checkPeerProduceAnswer(oneFailed, 2)).toThrow(/1 of 2 records failed \(error_code 500: Topic bench-x not present/);
    expect(() => checkPeerProduceAnswer(allFailed, 2)).toThrow(/2 of 2 records failed/);
  });

  it('fails an answer with fewer offsets than records, or without offsets', () => {
    expect(() => checkPeerProduceAnswer(allStored, 3)).toThrow(/2 offsets for 3 records/);
    expect(() => checkPeerProduceAnswer('{"error_code":422,"message":"x"}', 1)).toThrow(/without an offsets array/);
    expect(() => checkPeerProduceAnswer('not json', 1)).toThrow(/not JSON/);
    expect(() => checkPeerProduceAnswer('{"offsets":[{"partition":0}]}', 1)).toThrow(/without an offset/);
  });
});
