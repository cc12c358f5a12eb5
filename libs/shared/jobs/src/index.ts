export * from './bull-connection';
export * from './station-jobs.producer';
