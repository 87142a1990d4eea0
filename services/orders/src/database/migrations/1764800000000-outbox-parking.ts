import { outboxParkingMigration } from '@looma-hub/platform';

/** Outbox rows the broker refuses for good are parked instead of blocking the rows after them. */
export class OutboxParking1764800000000 extends outboxParkingMigration('orders') {}
