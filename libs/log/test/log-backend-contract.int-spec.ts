import { Kafka, logLevel, type Admin } from 'kafkajs';
import { createEmbeddedLogBackend, createKafkaLogBackend, EmbeddedLogBackend, type LogBackend } from '@restgw/log';
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
