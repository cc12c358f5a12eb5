export * from './audit-entry';
export * from './audit-log.service';
export * from './audit-summary';
export * from './audit.module';
export * from './audit-target';
