import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { createEmbeddedLogBackend, createKafkaLogBackend, EmbeddedLogBackend, type LogBackend } from '../src';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';
import { logBackendContract } from './log-backend.contract';

/**
 * The LogBackend contract against both adapters: the embedded log on a fresh
 * PostgreSQL database, and the kafka adapter on the real broker (jest's global
 * setup starts the shared local one unless KAFKA_BROKERS is set).
 */
describe('embedded adapter', () => {
  let db: TestDatabase;
  let admin: EmbeddedLogBackend;
  const open = () => createEmbeddedLogBackend({ connectionString: db.url, retentionCheckMs: 3_600_000 });

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    admin = open();
  });
  afterAll(async () => {
    await admin?.close();
    await db?.drop();
  });

  logBackendContract({
    name: 'embedded (PostgreSQL)',
    open,
    joinAllowanceMs: 0,
    setRetention: (topic, r) => admin.applyTopic({ name: topic, partitions: 1, retentionMs: r.ms ?? null, retentionBytes: r.bytes ?? null, maxMessageBytes: null }),
    runRetention: async (b: LogBackend) => {
      await (b as unknown as EmbeddedLogBackend).enforceRetention();
      return true;
    },
    verifyRetention: async () => undefined,
  });

  it('waits without polling: a 3 s long poll costs a handful of statements, not one per tick', async () => {
    const b = open();
    await b.ensureTopic({ name: 'idle-topic' });
    const probe = new Client({ connectionString: db.url });
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
      // One read when the fetch starts, plus the probe's own statements; polling every 100 ms would add 30.
      expect((await statements()) - before).toBeLessThan(10);
    } finally {
      await probe.end();
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

  const retentionEntries = (r: { ms?: number; bytes?: number }) => [
    ...(r.ms !== undefined ? [{ name: 'retention.ms', value: String(r.ms) }] : []),
    ...(r.bytes !== undefined ? [{ name: 'retention.bytes', value: String(r.bytes) }] : []),
  ];

  logBackendContract({
    name: 'kafka (real broker)',
    open: () => createKafkaLogBackend({ brokers: serviceUrls.kafkaBrokers, clientId: 'log-contract' }),
    joinAllowanceMs: 15_000,
    setRetention: async (topic, r) => {
      await kafkaAdmin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: retentionEntries(r) }] });
    },
    runRetention: async () => false,
    verifyRetention: async (topic, r) => {
      const described = await kafkaAdmin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'retention.bytes'] }] });
      const entries = Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
      for (const { name, value } of retentionEntries(r)) expect(entries[name]).toBe(value);
    },
  });
});
