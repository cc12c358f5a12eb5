import { stationAuthSuite } from './station-auth.suite';

stationAuthSuite('cluster');
