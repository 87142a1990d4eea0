export * from './primitives';
export * from './retailer-catalog';
export * from './retailer-sales';
export * from './retailer-pricing';
