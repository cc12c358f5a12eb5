export * from './schema-definition.check';
export * from './station-admin.service';
export * from './station-directory.publisher';
export * from './station-results.consumer';
export * from './station-view';
export * from './stations.module';
