// @looma-hub/domain: pure domain code (no framework, no Node built-ins, no I/O), safe to import from
// Temporal workflow code. See README.md.
export * from './errors';
export * from './money';
export * from './documents';
export * from './phone';
export * from './installments';
export * from './time-window';
export * from './catalog-price';
