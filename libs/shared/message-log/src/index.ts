export * from './log-backend';
export * from './topic-admin';
export * from './kafka';
export * from './embedded';
