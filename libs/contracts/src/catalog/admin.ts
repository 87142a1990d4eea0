import { z } from 'zod';

/**
 * What operators send about a tenant's catalog, validated alike by the gateway's admin API and by catalog-sync's
 * internal API behind it.
 */

/** `PUT …/catalog/schedule`: the incremental sync interval; null goes back to the service default. */
export const CatalogScheduleSchema = z.strictObject({
  intervalMinutes: z
    .number({ message: 'must be a number of minutes (1 to 1440), or null for the default' })
    .int('must be a whole number of minutes')
    .min(1)
    .max(1440)
    .nullable(),
});
export type CatalogSchedule = z.output<typeof CatalogScheduleSchema>;

/** `GET …/catalog/quarantine`: which quarantined items, how many. */
export const QuarantineListQuerySchema = z.strictObject({
  reason: z.string().min(1).max(40).optional().meta({ description: 'Only items quarantined for this reason' }),
  limit: z.coerce.number({ message: 'must be an integer' }).int().min(1).max(500).default(50),
});
export type QuarantineListQuery = z.output<typeof QuarantineListQuerySchema>;
