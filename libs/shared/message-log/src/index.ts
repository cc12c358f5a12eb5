export * from './log-backend';
export * from './kafka';
export * from './embedded';
