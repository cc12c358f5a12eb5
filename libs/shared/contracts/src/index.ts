export * from './access-contract';
export * from './region-jobs.contract';
export * from './station-contract';
export * from './tenant-names';
