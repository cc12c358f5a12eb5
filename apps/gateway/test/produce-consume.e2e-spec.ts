import { produceConsumeSuite } from './produce-consume.suite';

produceConsumeSuite('cluster');
