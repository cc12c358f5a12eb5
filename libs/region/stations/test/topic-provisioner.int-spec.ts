import { randomBytes } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { StationApplyJob } from '@restgw/contracts';
import { createKafkaTopicAdmin, kafkaTopicMaxMessageBytes } from '@restgw/message-log';
import { serviceUrls } from '@restgw/testing';
import { TopicProvisioner } from '../src/provision/topic-provisioner';

/** The region worker's provisioning on Kafka's TopicAdmin, against the real broker. */
describe('TopicProvisioner', () => {
  const provisioner = new TopicProvisioner(createKafkaTopicAdmin({ brokers: serviceUrls.kafkaBrokers, clientId: 'provisioner-it' }));
  let admin: Admin;
  const topic = `acct-999.prov-${randomBytes(4).toString('hex')}`;
  const job = (over: Partial<StationApplyJob> = {}): StationApplyJob => ({
    stationId: '00000000-0000-4000-8000-000000000000',
    accountId: 999,
    station: topic.slice('acct-999.'.length),
    topic,
    partitions: 2,
    retentionMs: 3_600_000,
    retentionBytes: null,
    maxMessageBytes: 2048,
    version: 1,
    deleted: false,
    ...over,
  });

  const configs = async () => {
    const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'retention.bytes', 'max.message.bytes'] }] });
    return Object.fromEntries(res.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
  };
  const partitions = async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;

  beforeAll(async () => {
    admin = new Kafka({ brokers: serviceUrls.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await provisioner.close();
  });

  it('creates, alters, grows and deletes a topic; every step is idempotent', async () => {
    expect(await provisioner.apply(job())).toBe('active');
    expect(await provisioner.apply(job())).toBe('active');
    expect(await partitions()).toBe(2);
    expect(await configs()).toMatchObject({ 'retention.ms': '3600000', 'max.message.bytes': String(kafkaTopicMaxMessageBytes(2048)) });

    await provisioner.apply(job({ version: 2, partitions: 4, retentionMs: null, retentionBytes: 1_000_000 }));
    expect(await partitions()).toBe(4);
    const altered = await configs();
    expect(altered['retention.bytes']).toBe('1000000');
    expect(altered['retention.ms']).toBe('604800000'); // back to the broker default

    expect(await provisioner.apply(job({ version: 3, deleted: true }))).toBe('deleted');
    expect(await provisioner.apply(job({ version: 3, deleted: true }))).toBe('deleted');
    const { topics } = await admin.fetchTopicMetadata().then((m) => m, () => ({ topics: [] as { name: string }[] }));
    expect(topics.map((t) => t.name)).not.toContain(topic);
  });
});
