export * from './log-backend';
export * from './tenant-names';
