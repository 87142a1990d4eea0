import { metricsRegistry } from '@looma-hub/platform';
import { Counter, Histogram } from 'prom-client';

export const productChangesPublished = new Counter({
  name: 'catalog_product_changes_published_total',
  help: 'product-changed events the change feed published',
  registers: [metricsRegistry],
});

export const productsQuarantined = new Counter({
  name: 'catalog_products_quarantined_total',
  help: 'Retailer items kept out of the catalog, by reason',
  labelNames: ['reason'],
  registers: [metricsRegistry],
});

export const searchDuration = new Histogram({
  name: 'catalog_search_duration_seconds',
  help: 'Product searches, from query to rows, by kind (text, browse, lookup)',
  labelNames: ['kind'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [metricsRegistry],
});

export const searchCacheLookups = new Counter({
  name: 'catalog_search_cache_lookups_total',
  help: 'Text searches looked up in the ranking cache, by result (hit, miss)',
  labelNames: ['result'],
  registers: [metricsRegistry],
});
