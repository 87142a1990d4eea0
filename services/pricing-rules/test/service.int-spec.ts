import { randomUUID } from 'node:crypto';
import { describeServiceBasics, testEnv } from '@looma-hub/testing';
import { SCHEMA } from '../src/database/data-source';
import { start } from '../src/main';

// The platform basics of the HTTP process. Its consumers get a group of their own, reading from the end, so connection
// events of other runs (for tenants whose owner is not running here) are not replayed into it.
describeServiceBasics({
  service: 'pricing-rules',
  schema: SCHEMA,
  start: (env) =>
    start({
      ...env,
      TEMPORAL_ADDRESS: testEnv().TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: testEnv().TEMPORAL_NAMESPACE,
      PRICING_CONSUMER_GROUP: `pricing-basics-${randomUUID().slice(0, 8)}`,
      PRICING_CONSUMER_FROM_BEGINNING: 'false',
    }),
});
