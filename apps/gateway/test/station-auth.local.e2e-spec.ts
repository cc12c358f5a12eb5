import { stationAuthSuite } from './station-auth.suite';

/** Authentication, tenancy and revocation on the local profile; the apps' REDIS_URL and KAFKA_BROKERS are a closed port. */
stationAuthSuite('local');
