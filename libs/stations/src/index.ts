export * from './station-contract';
