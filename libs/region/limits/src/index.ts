export * from './concurrency-slots';
export * from './limits-view';
export * from './limits.mirror';
export * from './rate-budgets';
export * from './tenant-limiter';
export * from './usage-meter';
export * from './usage-shipper';
