export * from './station-contract';
export * from './admin/schema-definition.check';
export * from './admin/station-admin.service';
export * from './admin/station-directory.publisher';
export * from './admin/station-results.consumer';
export * from './admin/station-view';
export * from './admin/stations.module';
export * from './provision/topic-provisioner';
