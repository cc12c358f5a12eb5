export * from './log-backend';
export * from './tenant-names';
export * from './kafka';
export * from './embedded';
export * from './consume';
