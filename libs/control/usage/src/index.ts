export * from './limits-admin.service';
export * from './limits.publisher';
export * from './quota';
export * from './quota-tracker';
export * from './usage-intake.service';
export * from './usage-query.service';
export * from './usage-reports.consumer';
export * from './usage.module';
