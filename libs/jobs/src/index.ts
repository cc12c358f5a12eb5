export * from './bull-connection';
export * from './region-jobs.contract';
export * from './station-jobs.producer';
