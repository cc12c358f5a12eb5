export * from './instance-reporter';
