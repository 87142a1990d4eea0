/**
 * The documents the hub publishes, derived from the zod schemas of this library (never written by hand):
 *   published/retailer-integration.openapi.yaml  — the REST API a retailer exposes to the hub (OpenAPI 3.1)
 *   published/retailer-catalog.asyncapi.yaml      — the Kafka transport a retailer may publish instead (AsyncAPI 3.0)
 *   published/retailer-pricing.asyncapi.yaml      — the same for its discount rules
 *   published/hub-catalog.asyncapi.yaml           — the catalog events the hub publishes (product changes, Looma feed)
 *   published/schemas/*.schema.json               — the JSON Schemas (2020-12) of the payloads
 * `npm run contracts` writes them; a test fails when a file differs from what the schemas give.
 * Not exported from the library's index: workflow code imports the index, and has no use for YAML.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import {
  LOOMA_PRODUCT_WEBHOOK_EVENT,
  LoomaProductMessageSchema,
  LoomaProductOfferedV1Schema,
  loomaProductsTopic,
} from '../channels/looma-product';
import { ProductChangedV1Schema } from '../events/catalog-events';
import { dlqTopic, Topics } from '../events/topics';
import {
  PricingRuleInputSchema,
  RetailerPricingRuleSchema,
  RuleActionSchema,
  RuleConditionsSchema,
  RuleTargetSchema,
  CouponSchema,
} from '../pricing/pricing-rule';
import {
  PriceChangedSchema,
  ProductDeactivatedSchema,
  RetailerCatalogEventSchema,
  RetailerCatalogEventTypes,
  RetailerProductPageSchema,
  RetailerProductSchema,
  RetailerProductsQuerySchema,
  RetailerTopics,
  RetailerVariantSchema,
  StockChangedSchema,
} from '../retailer/retailer-catalog';
import {
  CancelSaleRequestSchema,
  EligibilitySchema,
  RegisterSaleRequestSchema,
  RetailerDiscountRulePageSchema,
  RetailerDiscountRulesQuerySchema,
  RetailerErrorBodySchema,
  SaleReceiptSchema,
  SaleSchema,
} from '../retailer/retailer-sales';
import {
  PricingRuleDeletedSchema,
  RetailerPricingEventSchema,
  RetailerPricingEventTypes,
  RetailerPricingTopics,
} from '../retailer/retailer-pricing';

type Json = Record<string, unknown>;
type Target = 'draft-2020-12' | 'draft-7';

/** Converts named schemas into one `components/schemas` map whose entries `$ref` each other. */
function components(schemas: Record<string, z.ZodType>, target: Target, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { target, io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'throw' }) as {
    schemas: Record<string, Json>;
  };
  for (const schema of Object.values(out.schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return out.schemas;
}

function param(name: string, schema: z.ZodType, description?: string): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Json;
  delete json.$schema;
  return { name, in: 'query', required: false, schema: json, ...(description ? { description } : {}) };
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonBody = (id: string, description: string) => ({ description, content: { 'application/json': { schema: ref(id) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERROR_RESPONSES[s] ?? 'Error'}` }]));
const ERROR_RESPONSES: Record<number, string> = { 401: 'Unauthorized', 404: 'NotFound', 409: 'Conflict', 422: 'Invalid' };

export function retailerIntegrationOpenApi(): Json {
  const query = RetailerProductsQuerySchema.shape;
  const rulesQuery = RetailerDiscountRulesQuerySchema.shape;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Looma Hub — Retailer Integration API',
      version: '1.0.0',
      description: [
        'What a retailer exposes so the Looma Hub can sell its products over chat: the catalog (products, stock, prices,',
        'promotions), discount rules, customer eligibility, and sale registration and cancellation. The hub calls it;',
        'the retailer implements it (the hub’s simulator implements it too, checked against this document).',
        '',
        'Money is integer centavos. Instants are ISO 8601 with an offset (retailers run in America/Sao_Paulo); a',
        'promotion bound given as a date means that whole day in São Paulo. Every call carries',
        '`Authorization: Bearer <token>`, issued by the retailer to the hub. Errors answer',
        '`{ "error": { "code", "message", "field" } }`: 4xx for the request, 5xx/429/408 for a retry later.',
        '',
        'Catalog changes may instead be published on Kafka (see retailer-catalog.asyncapi.yaml); both transports',
        'carry the same RetailerProduct. Discount rules likewise (retailer-pricing.asyncapi.yaml), as the same',
        'RetailerPricingRule.',
      ].join('\n'),
    },
    servers: [{ url: 'https://erp.example-retailer.com.br/hub', description: "The retailer's base URL, set per tenant in the hub" }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'catalog', description: 'Products, stock and prices, read by the hub periodically (REST pull)' },
      { name: 'pricing', description: 'Discount rules and customer eligibility' },
      { name: 'sales', description: 'Sales the hub registers for chat orders' },
    ],
    paths: {
      '/v1/products': {
        get: {
          tags: ['catalog'],
          operationId: 'listProducts',
          summary: 'Products, page by page',
          description: [
            'Ordered by (updatedAt, id), with an opaque cursor: a walk sees every product that existed when it began at',
            'least once (a product changed during the walk shows up again later, which the hub tolerates). With',
            '`updatedSince`, only products whose updatedAt is at or after it — the hub asks that every few minutes.',
            'Inactive products are listed too (active: false), so the hub can stop selling them.',
          ].join(' '),
          parameters: [
            param('cursor', query.cursor, 'The nextCursor of the previous page; absent for the first'),
            param('limit', query.limit, 'Products per page'),
            param('updatedSince', query.updatedSince, 'Only products updated at or after this instant'),
          ],
          responses: { '200': jsonBody('RetailerProductPage', 'One page of products'), ...errors(401, 422) },
        },
      },
      '/v1/products/{id}': {
        get: {
          tags: ['catalog'],
          operationId: 'getProduct',
          summary: 'One product by its id',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonBody('RetailerProduct', 'The product'), ...errors(401, 404) },
        },
      },
      '/v1/discount-rules': {
        get: {
          tags: ['pricing'],
          operationId: 'listDiscountRules',
          summary: 'Discount rules (promotions, customer discounts, coupons), page by page, in the hub’s pricing rule model',
          description: [
            'Ordered by (updatedAt, id), with an opaque cursor, like the products: a walk sees every rule that existed',
            'when it began at least once. With `updatedSince`, only rules whose updatedAt is at or after it. Disabled',
            'rules are listed too (enabled: false), and so is a rule the retailer deleted (enabled: false, with the',
            'updatedAt of its deletion), so the hub stops applying it. The hub checks the rules one by one: a rule that',
            'breaks the schema is set aside, the rest of the page applies.',
          ].join(' '),
          parameters: [
            param('cursor', rulesQuery.cursor, 'The nextCursor of the previous page; absent for the first'),
            param('limit', rulesQuery.limit, 'Rules per page'),
            param('updatedSince', rulesQuery.updatedSince, 'Only rules updated at or after this instant'),
          ],
          responses: { '200': jsonBody('RetailerDiscountRulePage', 'One page of rules'), ...errors(401, 422) },
        },
      },
      '/v1/customers/eligibility': {
        get: {
          tags: ['pricing'],
          operationId: 'customerEligibility',
          summary: 'Whether the retailer knows a customer, its loyalty tier and segments (by CPF/CNPJ or phone)',
          description:
            'What customer rules (`conditions.registeredOnly`, `tiers`, `segments`) are checked against. An unknown customer is `registered: false` with no tier or segments.',
          parameters: [
            { name: 'document', in: 'query', schema: { type: 'string' }, description: 'CPF or CNPJ' },
            { name: 'phone', in: 'query', schema: { type: 'string' }, description: 'E.164, e.g. +5511987654321' },
          ],
          responses: { '200': jsonBody('RetailerEligibility', 'The answer, with reasons'), ...errors(401, 422) },
        },
      },
      '/v1/sales': {
        post: {
          tags: ['sales'],
          operationId: 'registerSale',
          summary: "Registers a chat order as a sale (idempotent by the hub's orderId)",
          description: 'A second registration with the same orderId and content answers 200 with the first sale; with other content, 409.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('RetailerRegisterSale') } } },
          responses: {
            '201': jsonBody('RetailerSaleReceipt', 'Registered'),
            '200': jsonBody('RetailerSaleReceipt', 'Already registered with this content'),
            ...errors(401, 409, 422),
          },
        },
      },
      '/v1/sales/{saleId}': {
        get: {
          tags: ['sales'],
          operationId: 'getSale',
          parameters: [{ name: 'saleId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': jsonBody('RetailerSale', 'The sale'), ...errors(401, 404) },
        },
      },
      '/v1/sales/{saleId}/cancel': {
        post: {
          tags: ['sales'],
          operationId: 'cancelSale',
          summary: 'Cancels a sale (idempotent)',
          parameters: [{ name: 'saleId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: { 'application/json': { schema: ref('RetailerCancelSale') } } },
          responses: { '200': jsonBody('RetailerSale', 'The sale, cancelled'), ...errors(401, 404, 409) },
        },
      },
      '/v1/sales/by-order/{orderId}/cancel': {
        post: {
          tags: ['sales'],
          operationId: 'cancelSaleByOrder',
          summary: "Cancels the sale registered for the hub's order, whatever its sale id (idempotent)",
          parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: { 'application/json': { schema: ref('RetailerCancelSale') } } },
          responses: { '200': jsonBody('RetailerSale', 'The sale, cancelled'), ...errors(401, 404, 409) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token the retailer issues to the hub' } },
      responses: Object.fromEntries(
        [
          ['Unauthorized', 'Missing or refused token'],
          ['NotFound', 'No such resource'],
          ['Conflict', 'Conflicts with what exists (e.g. the orderId registered with other content)'],
          ['Invalid', 'The request breaks a rule; `field` names the culprit'],
          ['Error', 'An error'],
        ].map(([name, description]) => [name, { description, content: { 'application/json': { schema: ref('RetailerError') } } }]),
      ),
      schemas: components(
        {
          RetailerProductPage: RetailerProductPageSchema,
          RetailerProduct: RetailerProductSchema,
          RetailerVariant: RetailerVariantSchema,
          RetailerDiscountRulePage: RetailerDiscountRulePageSchema,
          ...pricingRuleSchemas,
          RetailerEligibility: EligibilitySchema,
          RetailerRegisterSale: RegisterSaleRequestSchema,
          RetailerSaleReceipt: SaleReceiptSchema,
          RetailerSale: SaleSchema,
          RetailerCancelSale: CancelSaleRequestSchema,
          RetailerError: RetailerErrorBodySchema,
        },
        'draft-2020-12',
        'input',
      ),
    },
  };
}

/** The pricing rule model, as the components both the OpenAPI and the AsyncAPI documents refer to. */
const pricingRuleSchemas = {
  RetailerPricingRule: RetailerPricingRuleSchema,
  PricingRuleInput: PricingRuleInputSchema,
  PricingRuleTarget: RuleTargetSchema,
  PricingRuleConditions: RuleConditionsSchema,
  PricingRuleAction: RuleActionSchema,
  PricingRuleCoupon: CouponSchema,
};

const JSON_SCHEMA_DRAFT_07 = 'application/schema+json;version=draft-07';

function asyncMessage(name: string, schemaId: string, summary: string, key: string): Json {
  return {
    name,
    title: name,
    summary,
    contentType: 'application/json',
    payload: { schemaFormat: JSON_SCHEMA_DRAFT_07, schema: ref(schemaId) },
    bindings: { kafka: { key: { type: 'string', description: key } } },
  };
}

export function retailerCatalogAsyncApi(): Json {
  const key = '`<tenantId>:<productId>`: every event of a product on one partition, in order';
  const types = RetailerCatalogEventTypes;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Looma Hub — Retailer catalog events',
      version: '1.0.0',
      description: [
        'The push transport of the Retailer Integration API: instead of (or besides) answering the hub’s product',
        `pages, a retailer publishes its catalog changes to \`${RetailerTopics.catalog}\`. Each message is a`,
        'CloudEvents 1.0 envelope in JSON structured mode; `type` says which change, `tenantid` names the hub tenant,',
        '`id` is unique per event (a re-sent id is applied once). The hub applies events through the same path as its',
        'pulls, in order per product, and never lets an older `updatedAt` overwrite a newer state. A message that breaks',
        `these schemas goes to \`${dlqTopic(RetailerTopics.catalog)}\` with the reason in its headers; the rest apply.`,
        'Money in integer centavos; instants ISO 8601 with an offset.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:19092', protocol: 'kafka', description: 'The local stack (npm start)' },
    },
    channels: {
      retailerCatalog: {
        address: RetailerTopics.catalog,
        description: 'Product, stock and price changes of every retailer, keyed by tenant and product',
        messages: {
          productUpserted: { $ref: '#/components/messages/productUpserted' },
          stockChanged: { $ref: '#/components/messages/stockChanged' },
          priceChanged: { $ref: '#/components/messages/priceChanged' },
          productDeactivated: { $ref: '#/components/messages/productDeactivated' },
        },
      },
      retailerCatalogDlq: {
        address: dlqTopic(RetailerTopics.catalog),
        description: 'Messages the hub could not apply, as received, with `dlq-error` (the reason) and `dlq-topic` headers',
      },
    },
    operations: {
      publishCatalogChange: {
        action: 'send',
        channel: { $ref: '#/channels/retailerCatalog' },
        summary: 'The retailer publishes a change of one product',
      },
    },
    components: {
      messages: {
        productUpserted: asyncMessage(
          types.productUpserted,
          'RetailerProductUpsertedEvent',
          'A product created or changed: its whole state',
          key,
        ),
        stockChanged: asyncMessage(types.stockChanged, 'RetailerStockChangedEvent', "A product's or a variant's stock", key),
        priceChanged: asyncMessage(types.priceChanged, 'RetailerPriceChangedEvent', 'A price or promotion of a product or variant', key),
        productDeactivated: asyncMessage(types.productDeactivated, 'RetailerProductDeactivatedEvent', 'No longer for sale', key),
      },
      schemas: components(
        {
          RetailerProductUpsertedEvent: RetailerCatalogEventSchema.options[0],
          RetailerStockChangedEvent: RetailerCatalogEventSchema.options[1],
          RetailerPriceChangedEvent: RetailerCatalogEventSchema.options[2],
          RetailerProductDeactivatedEvent: RetailerCatalogEventSchema.options[3],
          RetailerProduct: RetailerProductSchema,
          RetailerVariant: RetailerVariantSchema,
          RetailerStockChanged: StockChangedSchema,
          RetailerPriceChanged: PriceChangedSchema,
          RetailerProductDeactivated: ProductDeactivatedSchema,
        },
        'draft-7',
        'input',
      ),
    },
  };
}

export function retailerPricingAsyncApi(): Json {
  const key = '`<tenantId>:<ruleId>`: every event of a rule on one partition, in order';
  const types = RetailerPricingEventTypes;
  const topic = RetailerPricingTopics.pricing;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Looma Hub — Retailer pricing events',
      version: '1.0.0',
      description: [
        'The push transport of the Retailer Integration API’s discount rules: instead of (or besides) answering the',
        `hub’s \`GET /v1/discount-rules\` pages, a retailer publishes each change of a rule to \`${topic}\`, in the same`,
        'RetailerPricingRule model. Each message is a CloudEvents 1.0 envelope in JSON structured mode, as on the',
        'catalog topic: `type` says which change, `tenantid` names the hub tenant, `id` is unique per event (a re-sent',
        'id is applied once). An upsert carries the whole rule (a disabled rule is an upsert with enabled: false); a',
        'deletion carries the rule id and the instant of the deletion, and the hub disables the rule. The hub never lets',
        `an older \`updatedAt\` overwrite a newer state. A message that breaks these schemas goes to \`${dlqTopic(topic)}\``,
        'with the reason in its headers; the rest apply. Money in integer centavos; instants ISO 8601 with an offset.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:19092', protocol: 'kafka', description: 'The local stack (npm start)' },
    },
    channels: {
      retailerPricing: {
        address: topic,
        description: 'Discount rule changes of every retailer, keyed by tenant and rule',
        messages: {
          ruleUpserted: { $ref: '#/components/messages/ruleUpserted' },
          ruleDeleted: { $ref: '#/components/messages/ruleDeleted' },
        },
      },
      retailerPricingDlq: {
        address: dlqTopic(topic),
        description: 'Messages the hub could not apply, as received, with `dlq-error` (the reason) and `dlq-topic` headers',
      },
    },
    operations: {
      publishPricingRuleChange: {
        action: 'send',
        channel: { $ref: '#/channels/retailerPricing' },
        summary: 'The retailer publishes a change of one discount rule',
      },
    },
    components: {
      messages: {
        ruleUpserted: asyncMessage(
          types.ruleUpserted,
          'RetailerPricingRuleUpsertedEvent',
          'A rule created or changed: its whole state',
          key,
        ),
        ruleDeleted: asyncMessage(types.ruleDeleted, 'RetailerPricingRuleDeletedEvent', 'A rule the retailer deleted', key),
      },
      schemas: components(
        {
          RetailerPricingRuleUpsertedEvent: RetailerPricingEventSchema.options[0],
          RetailerPricingRuleDeletedEvent: RetailerPricingEventSchema.options[1],
          ...pricingRuleSchemas,
          RetailerPricingRuleDeleted: PricingRuleDeletedSchema,
        },
        'draft-7',
        'input',
      ),
    },
  };
}

export function hubCatalogAsyncApi(): Json {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Looma Hub — catalog events',
      version: '1.0.0',
      description: [
        `What the hub publishes about a tenant's catalog. \`${Topics.productChanged}\`: one CloudEvent per real change`,
        'of a product (its content hash moved, or its promotion started or ended), with the whole state and the fields',
        "that changed. `looma.{tenantId}.products.v1`: the same changes in Looma Chat's own product message, one per",
        'workspace (store unit) and sellable item, with the promotion price set only while the promotion is in force.',
        `\`${Topics.loomaProductOffered}\`: the same Looma messages of one change, all workspaces in one CloudEvent, which`,
        `the webhooks service delivers as the opt-in \`${LOOMA_PRODUCT_WEBHOOK_EVENT}\` event type.`,
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:19092', protocol: 'kafka', description: 'The local stack (npm start)' } },
    channels: {
      productChanged: {
        address: Topics.productChanged,
        messages: { productChanged: { $ref: '#/components/messages/productChanged' } },
      },
      loomaProducts: {
        address: loomaProductsTopic('{tenantId}'),
        parameters: { tenantId: { description: 'The hub tenant' } },
        messages: { loomaProduct: { $ref: '#/components/messages/loomaProduct' } },
      },
      loomaProductOffered: {
        address: Topics.loomaProductOffered,
        messages: { loomaProductOffered: { $ref: '#/components/messages/loomaProductOffered' } },
      },
    },
    operations: {
      announceProductChange: { action: 'send', channel: { $ref: '#/channels/productChanged' } },
      feedLooma: { action: 'send', channel: { $ref: '#/channels/loomaProducts' } },
      offerLoomaProduct: { action: 'send', channel: { $ref: '#/channels/loomaProductOffered' } },
    },
    components: {
      messages: {
        productChanged: {
          ...asyncMessage(Topics.productChanged, 'ProductChangedV1', 'A product changed', '`<tenantId>:<productId>`'),
          description: 'The CloudEvent `data`; the envelope carries `id` (stable per change), `tenantid`, `subject` (the product id)',
        },
        loomaProduct: asyncMessage('looma.product', 'LoomaProductMessage', 'A Looma product message', '`<workspaceId>:<product.id>`'),
        loomaProductOffered: {
          ...asyncMessage(
            Topics.loomaProductOffered,
            'LoomaProductOfferedV1',
            "A product change as every workspace's Looma message",
            '`<tenantId>:<productId>`',
          ),
          description: 'The CloudEvent `data`; its id is derived from the product change, so a re-offer is the same event',
        },
      },
      schemas: components(
        {
          ProductChangedV1: ProductChangedV1Schema,
          LoomaProductMessage: LoomaProductMessageSchema,
          LoomaProductOfferedV1: LoomaProductOfferedV1Schema,
        },
        'draft-7',
        'output',
      ),
    },
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-2020-12', io }), null, 2)}\n`;
}

const yamlHeader = '# Generated from the zod schemas of libs/contracts by `npm run contracts`: edit those, not this file.\n';

/** Every published file, by its path under `libs/contracts/published/`. */
export function publishedDocuments(): Record<string, string> {
  return {
    'retailer-integration.openapi.yaml':
      yamlHeader + stringify(retailerIntegrationOpenApi(), { lineWidth: 0, aliasDuplicateObjects: false }),
    'retailer-catalog.asyncapi.yaml': yamlHeader + stringify(retailerCatalogAsyncApi(), { lineWidth: 0, aliasDuplicateObjects: false }),
    'retailer-pricing.asyncapi.yaml': yamlHeader + stringify(retailerPricingAsyncApi(), { lineWidth: 0, aliasDuplicateObjects: false }),
    'hub-catalog.asyncapi.yaml': yamlHeader + stringify(hubCatalogAsyncApi(), { lineWidth: 0, aliasDuplicateObjects: false }),
    'schemas/retailer-product.schema.json': jsonSchema(RetailerProductSchema, 'input'),
    'schemas/retailer-catalog-event.schema.json': jsonSchema(RetailerCatalogEventSchema, 'input'),
    'schemas/retailer-pricing-rule.schema.json': jsonSchema(RetailerPricingRuleSchema, 'input'),
    'schemas/retailer-pricing-event.schema.json': jsonSchema(RetailerPricingEventSchema, 'input'),
    'schemas/product-changed.v1.schema.json': jsonSchema(ProductChangedV1Schema, 'output'),
    'schemas/looma-product-message.schema.json': jsonSchema(LoomaProductMessageSchema, 'output'),
  };
}
