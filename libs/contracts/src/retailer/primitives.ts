import { z } from 'zod';

/**
 * The building blocks of the Retailer Integration API's shapes. Each is declared once with zod; TypeScript types,
 * runtime validation (the hub reading a retailer, the simulator answering as one) and the published JSON Schema /
 * OpenAPI / AsyncAPI documents are all derived from these definitions.
 */

/** Money in integer centavos (R$ 1.000,00 = 100000), never negative. */
export const Centavos = z
  .number()
  .int()
  .min(0)
  .max(10_000_000_000_000)
  .meta({ description: 'Integer centavos (R$ 49,90 = 4990)', examples: [4990] });

/** A quantity on the shelf: a whole number, never negative. */
export const Quantity = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000)
  .meta({ description: 'Units available', examples: [12] });

/** An identifier the retailer gives (product, variant, sale): any non-blank text up to 100 characters. */
export const RetailerId = z
  .string()
  .min(1)
  .max(100)
  .regex(/\S/, 'must not be blank')
  .meta({ description: "The retailer's own identifier", examples: ['78912345'] });

/** An instant: ISO 8601 with an offset (`2026-12-01T10:00:00-03:00`, or `Z`). Retailers run in America/Sao_Paulo. */
export const IsoInstant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 date-time with an offset', examples: ['2026-12-01T10:00:00-03:00'] });

/**
 * A promotion end: an instant, or a calendar date meaning that whole day in America/Sao_Paulo (from its first
 * millisecond as a start, to its last as an end), the way retailers write "válida até 31/12".
 */
export const IsoInstantOrDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .meta({ description: 'ISO 8601 date-time with an offset, or a date (a whole day in America/Sao_Paulo)' });

/** GTIN/EAN barcode: 8, 12, 13 or 14 digits. */
export const Ean = z
  .string()
  .regex(/^(\d{8}|\d{12,14})$/, 'must be an EAN/GTIN: 8, 12, 13 or 14 digits')
  .meta({ examples: ['7891234567895'] });

/** Free text a retailer may leave out (absent, null or empty all mean "not given"). */
export function optionalText(max: number) {
  return z.string().max(max).nullish();
}

/** An integer query parameter (a string in the URL) within [min, max], named in the message when it is not. */
export function intQueryParam(min: number, max: number) {
  return z.coerce
    .number({ message: 'must be an integer' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}
