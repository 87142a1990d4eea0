import { type Cents, toReais } from '@looma-hub/domain';
import { z } from 'zod';
import { PRODUCT_SEARCH_MAX_OFFSET, type ProductView } from '../catalog/product';
import { intQueryParam } from '../retailer/primitives';

/**
 * The product search of an OmniChat-style "custom integration" (PARTNERS.md §2): the platform calls
 * `GET ?query=&from=&size=&searchType=` and expects a bare JSON array of products, prices in decimal reais, sizes and
 * colours as `variations`, stock as `quantity`.
 */

export const OMNICHAT_SEARCH_TYPES = ['TEXT', 'ID', 'SKUID', 'REFERENCE'] as const;
export const OMNICHAT_SEARCH_MAX_SIZE = 50;

export const OmniChatProductQuerySchema = z.strictObject({
  query: z.string().max(200).default('').meta({ description: 'Words (TEXT) or the code to look up (ID, SKUID, REFERENCE)' }),
  searchType: z
    .enum(OMNICHAT_SEARCH_TYPES, { message: `must be one of ${OMNICHAT_SEARCH_TYPES.join(', ')}` })
    .default('TEXT')
    .meta({ description: 'TEXT: full text; ID: the product or variant id; SKUID: a SKU; REFERENCE: the retailer’s id or SKU' }),
  from: intQueryParam(0, PRODUCT_SEARCH_MAX_OFFSET).default(0),
  size: intQueryParam(1, OMNICHAT_SEARCH_MAX_SIZE).default(10),
  // Who is asking, as the platform sends it; accepted (and logged by the platform's own tooling), not used to filter.
  teamId: z.string().max(200).optional(),
  userId: z.string().max(200).optional(),
  userEmail: z.string().max(320).optional(),
  integrationId: z.string().max(200).optional(),
});
export type OmniChatProductQuery = z.output<typeof OmniChatProductQuerySchema>;

export const OmniChatVariantSchema = z
  .object({
    objectId: z.string().meta({ description: "The retailer's id of the sellable item" }),
    erpId: z.string().nullable().meta({ description: 'SKU' }),
    name: z.string(),
    visible: z.boolean(),
    price: z.number().meta({ description: 'List price, decimal reais' }),
    salePrice: z.number().meta({ description: 'The price in force now, decimal reais' }),
    quantity: z.number().int().meta({ description: 'Available: stock net of the reservations of orders in flight' }),
    sellerId: z.string().nullable(),
    sellerName: z.string().nullable(),
    weight: z.number().nullable().meta({ description: 'grams' }),
    width: z.number().nullable().meta({ description: 'cm' }),
    height: z.number().nullable().meta({ description: 'cm' }),
    variantLength: z.number().nullable().meta({ description: 'cm' }),
    variations: z.array(z.object({ key: z.enum(['size', 'color']), value: z.string() })),
  })
  .meta({ id: 'OmniChatVariant' });
export type OmniChatVariant = z.output<typeof OmniChatVariantSchema>;

export const OmniChatProductSchema = z
  .object({
    objectId: z.string().meta({ description: "The hub's product id" }),
    externalId: z.string().meta({ description: "The retailer's product id" }),
    name: z.string(),
    productDescription: z.string(),
    externalUrl: z.string().nullable(),
    externalImageURL: z.string().nullable(),
    blocked: z.boolean().meta({ description: 'true when the product is not for sale (inactive)' }),
    sellOutOfStock: z.boolean(),
    trackInventory: z.boolean(),
    mainVariant: OmniChatVariantSchema,
    variants: z.array(OmniChatVariantSchema),
  })
  .meta({ id: 'OmniChatProduct' });
export type OmniChatProduct = z.output<typeof OmniChatProductSchema>;

export const OmniChatProductListSchema = z.array(OmniChatProductSchema).meta({ id: 'OmniChatProductList' });

const reais = (cents: number) => toReais(cents as Cents);

/**
 * A catalog product in OmniChat's shape. A product without variants is its own single variant; with variants, the
 * main variant is the first one with units available (else the first), and every variant keeps its own price and
 * stock. Promotions out of their window are not offered: `salePrice` is the price in force now.
 */
export function omniChatProduct(p: ProductView): OmniChatProduct {
  const dims = { weight: p.weightGrams, width: p.widthCm, height: p.heightCm, variantLength: p.lengthCm };
  const seller = { sellerId: null, sellerName: null };
  const variants: OmniChatVariant[] =
    p.variants.length === 0
      ? [
          {
            objectId: p.externalId,
            erpId: p.sku,
            name: p.name,
            visible: p.active,
            price: reais(p.priceCents),
            salePrice: reais(p.effectivePriceCents),
            quantity: p.active ? p.available : 0,
            ...seller,
            ...dims,
            variations: [],
          },
        ]
      : p.variants.map((v) => ({
          objectId: v.id,
          erpId: v.sku,
          name: v.name,
          visible: p.active && v.active,
          price: reais(v.priceCents),
          salePrice: reais(v.effectivePriceCents),
          quantity: p.active && v.active ? v.available : 0,
          ...seller,
          ...dims,
          variations: [
            ...(v.size === null ? [] : [{ key: 'size' as const, value: v.size }]),
            ...(v.color === null ? [] : [{ key: 'color' as const, value: v.color }]),
          ],
        }));
  const main = variants.find((v) => v.visible && v.quantity > 0) ?? variants[0];
  return {
    objectId: p.id,
    externalId: p.externalId,
    name: p.name,
    productDescription: p.description ?? '',
    externalUrl: p.url,
    externalImageURL: p.imageUrl,
    blocked: !p.active,
    sellOutOfStock: false,
    trackInventory: true,
    // A product always has at least its own variant.
    mainVariant: main as OmniChatVariant,
    variants,
  };
}
