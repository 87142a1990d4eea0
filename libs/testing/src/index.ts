export * from './env';
export * from './wait';
export * from './processes';
export * from './stack';
export * from './infra';
export * from './simulators';
