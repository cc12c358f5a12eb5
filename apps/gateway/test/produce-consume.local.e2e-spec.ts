import { produceConsumeSuite } from './produce-consume.suite';

/** The same HTTP flow on the local profile's embedded log; the apps' KAFKA_BROKERS is a closed port. */
produceConsumeSuite('embedded');
