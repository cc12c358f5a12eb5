import { produceConsumeSuite } from './produce-consume.suite';

/**
 * The same HTTP flow on the local profile: embedded log, shared state and job
 * queues in PostgreSQL; the apps' KAFKA_BROKERS and REDIS_URL are a closed port.
 */
produceConsumeSuite('local');
