export * from './bull-connection';
export * from './station-jobs.producer';
export * from './usage-jobs';
