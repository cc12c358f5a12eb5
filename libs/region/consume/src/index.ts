export * from './consume-coordinator';
export * from './leased-group';
export * from './lease-store';
export * from './state-lease-store';
