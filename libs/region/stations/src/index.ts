export * from './directory/station-directory';
export * from './directory/station-directory.mirror';
export * from './directory/station-resolver';
export * from './provision/topic-provisioner';
export * from './validation/json-schema.validator';
export * from './validation/protobuf.validator';
export * from './validation/schema-validator';
export * from './validation/schema-validators';
