export * from './access-contract';
export * from './limits-contract';
export * from './region-jobs.contract';
export * from './station-contract';
export * from './tenant-names';
export * from './usage-contract';
export * from './fleet-contract';
export * from './openapi/auth.openapi';
