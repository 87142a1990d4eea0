import type { EntityManager } from 'typeorm';

/** Postgres NOTIFY channel that wakes the dispatchers when deliveries become due. */
export const DELIVERY_CHANNEL = 'webhooks_delivery';

/** Inside a transaction the notification goes out on commit, when the rows are visible. */
export async function notifyDeliveriesDue(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_notify($1, $2)', [DELIVERY_CHANNEL, '']);
}
