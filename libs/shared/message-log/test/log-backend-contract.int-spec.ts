import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import {
  createEmbeddedLogBackend,
  createEmbeddedTopicAdmin,
  createKafkaLogBackend,
  createKafkaTopicAdmin,
  EmbeddedLogBackend,
  kafkaTopicMaxMessageBytes,
  type LogBackend,
} from '../src';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';
import { logBackendContract, type TopicDescription } from './log-backend.contract';

/**
 * The LogBackend contract against both adapters: the embedded log on a fresh
 * PostgreSQL database, and the kafka adapter on the real broker (jest's global
 * setup starts the shared local one unless KAFKA_BROKERS is set).
 */
describe('embedded adapter', () => {
  let db: TestDatabase;
  let sql: Client;
  const open = () => createEmbeddedLogBackend({ connectionString: db.url, retentionCheckMs: 3_600_000 });

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  logBackendContract({
    name: 'embedded (PostgreSQL)',
    open,
    openAdmin: () => createEmbeddedTopicAdmin({ connectionString: db.url }),
    describeTopic: async (topic) => {
      const { rows } = await sql.query(
        `SELECT t.partitions, t.retention_ms, t.retention_bytes, t.max_message_bytes, (SELECT count(*)::int FROM restgw_log.partitions p WHERE p.topic = t.name) AS rows
         FROM restgw_log.topics t WHERE t.name = $1`,
        [topic],
      );
      if (!rows[0]) return null;
      // Every partition the topic declares has its row (offsets and size are kept there).
      expect(rows[0].rows).toBe(rows[0].partitions);
      const n = (v: string | null) => (v === null ? null : Number(v));
      return { partitions: rows[0].partitions, retentionMs: n(rows[0].retention_ms), retentionBytes: n(rows[0].retention_bytes), maxMessageBytes: rows[0].max_message_bytes };
    },
    joinAllowanceMs: 0,
    runRetention: async (b: LogBackend) => {
      await (b as EmbeddedLogBackend).enforceRetention();
      return true;
    },
  });

  it('waits without polling: a 3 s long poll costs a handful of statements, not one per tick', async () => {
    // A database of its own: the contract's connections may still report their statistics after they closed.
    const quiet = await createTestDatabase({ migrate: false });
    const b = createEmbeddedLogBackend({ connectionString: quiet.url, retentionCheckMs: 3_600_000 });
    await b.ensureTopic({ name: 'idle-topic' });
    const probe = new Client({ connectionString: quiet.url });
    await probe.connect();
    const statements = async () => {
      await probe.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await probe.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()');
      return Number(rows[0].n);
    };
    try {
      const before = await statements();
      const batch = await b.fetch({ topic: 'idle-topic', group: 'idle', maxRecords: 10, maxWaitMs: 3000 });
      expect(batch.records).toEqual([]);
      await b.close(); // a closing connection flushes its statistics
      await new Promise((r) => setTimeout(r, 300));
      // One read when the fetch starts, the probe's own statements and the server's background transactions (a
      // clean-clone CI run counted 10); polling every 100 ms would add 30, every 200 ms 15.
      expect((await statements()) - before).toBeLessThan(15);
    } finally {
      await probe.end();
      await b.close();
      await quiet.drop();
    }
  });
});

describe('kafka adapter', () => {
  const kafka = new Kafka({ clientId: 'log-contract', brokers: serviceUrls.kafkaBrokers, logLevel: logLevel.NOTHING });
  let kafkaAdmin: Admin;

  beforeAll(async () => {
    kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
  });
  afterAll(async () => {
    await kafkaAdmin?.disconnect();
  });

  /** Set on the topic itself (not inherited from the broker): its value, else null. */
  const ownConfig = async (topic: string): Promise<Record<string, number | null>> => {
    const names = ['retention.ms', 'retention.bytes', 'max.message.bytes'];
    const described = await kafkaAdmin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
    const entries = described.resources[0].configEntries;
    return Object.fromEntries(
      names.map((name) => {
        const entry = entries.find((e) => e.configName === name);
        return [name, entry && entry.configSource === ConfigSource.TOPIC_CONFIG ? Number(entry.configValue) : null];
      }),
    );
  };

  logBackendContract({
    name: 'kafka (real broker)',
    open: () => createKafkaLogBackend({ brokers: serviceUrls.kafkaBrokers, clientId: 'log-contract' }),
    openAdmin: () => createKafkaTopicAdmin({ brokers: serviceUrls.kafkaBrokers, clientId: 'log-contract-admin' }),
    describeTopic: async (topic): Promise<TopicDescription | null> => {
      if (!(await kafkaAdmin.listTopics()).includes(topic)) return null;
      const { topics } = await kafkaAdmin.fetchTopicMetadata({ topics: [topic] });
      const config = await ownConfig(topic);
      const max = config['max.message.bytes'];
      return {
        partitions: topics[0].partitions.length,
        retentionMs: config['retention.ms'],
        retentionBytes: config['retention.bytes'],
        // The topic's limit holds a whole batch: the record limit plus framing.
        maxMessageBytes: max === null ? null : max - kafkaTopicMaxMessageBytes(0),
      };
    },
    joinAllowanceMs: 15_000,
    runRetention: async () => false,
  });
});
