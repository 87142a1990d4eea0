import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  InboundSourceViewSchema,
  OmniChatProductListSchema,
  OmniChatProductSchema,
  OmniChatVariantSchema,
  PricingRuleViewSchema,
  PricingSettingsSchema,
  ProductSearchResultSchema,
  ProductViewSchema,
  QuoteSchema,
  RulePreviewSchema,
  VariantViewSchema,
} from '@looma-hub/contracts';
import { z } from 'zod';

/**
 * The gateway documents the contracts' zod schemas as they are (the same definitions validate the requests and the
 * catalog's answers), instead of restating them as Swagger DTO classes that would drift.
 */

type Json = Record<string, unknown>;

/** The response schemas the routes name, as OpenAPI 3.0 components (they `$ref` each other by id). */
const COMPONENTS: Record<string, z.ZodType> = {
  VariantView: VariantViewSchema,
  ProductView: ProductViewSchema,
  ProductSearchResult: ProductSearchResultSchema,
  OmniChatVariant: OmniChatVariantSchema,
  OmniChatProduct: OmniChatProductSchema,
  OmniChatProductList: OmniChatProductListSchema,
  Quote: QuoteSchema,
  PricingRule: PricingRuleViewSchema,
  PricingRulePage: z
    .object({ items: z.array(PricingRuleViewSchema), nextCursor: z.string().nullable().meta({ description: 'null on the last page' }) })
    .meta({ description: 'One page of rules' }),
  PricingRulePreview: RulePreviewSchema,
  PricingSettings: PricingSettingsSchema,
  InboundSource: InboundSourceViewSchema,
};

const SHARED = '#/components/schemas/__shared#/definitions/';

/** Replaces every `$ref` of a JSON schema tree with what `resolve` makes of it. */
function mapRefs(node: unknown, resolve: (ref: string, siblings: Json) => unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => mapRefs(n, resolve));
  if (!node || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Json;
  const mapped = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, mapRefs(v, resolve)]));
  return typeof $ref === 'string' ? resolve($ref, mapped) : mapped;
}

export function zodComponents(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { target: 'openapi-3.0', io: 'output', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Json>;
  };
  // The schemas these name that carry their own id in the contracts (QuoteLine, PricingRuleAction…) come out under
  // `__shared`, a `$ref` form OpenAPI tools do not follow: each becomes a component of its own.
  const { __shared, ...schemas } = out.schemas;
  for (const [id, schema] of Object.entries((__shared?.definitions ?? {}) as Record<string, Json>)) {
    if (schemas[id]) throw new Error(`zod-docs: the contracts' schema id ${id} is also a component name`);
    schemas[id] = schema;
  }
  const components: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const fixed = mapRefs(schema, (ref, siblings) => ({
      ...siblings,
      $ref: ref.startsWith(SHARED) ? `#/components/schemas/${ref.slice(SHARED.length)}` : ref,
    })) as Json;
    delete fixed.$schema;
    delete fixed.$id;
    components[id] = fixed;
  }
  return components;
}

/** Adds {@link zodComponents} to a document built by Nest's Swagger module. */
export function withZodComponents(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...zodComponents() } };
  return document;
}

/** A 200 answer (or another success status) whose body is one of {@link COMPONENTS}. */
export function ApiZodOk(id: keyof typeof COMPONENTS & string, description: string, status = 200): MethodDecorator {
  return ApiResponse({ status, description, schema: { $ref: `#/components/schemas/${id}` } });
}

/** One documented query parameter per property of a zod object (its type, bounds, enum, default and description). */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, property]) => {
      const json = z.toJSONSchema(property as z.ZodType, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json;
      const description = typeof json.description === 'string' ? json.description : undefined;
      delete json.$schema;
      delete json.description;
      return ApiQuery({ name, required: false, schema: json, ...(description ? { description } : {}) });
    }),
  );
}

/**
 * The JSON body a route takes, documented from the zod schema that validates it, as it is accepted (defaults make
 * fields optional). Self-contained: the parts with their own id in the contracts are written out in place, since
 * the components describe answers and an input differs from its output.
 */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json;
  const definitions = (json.definitions ?? {}) as Record<string, Json>;
  const inline = (ref: string, siblings: Json, seen: string[]): Json => {
    const id = ref.replace(/^#\/definitions\//, '');
    const target = definitions[id];
    if (!target || seen.includes(id)) throw new Error(`zod-docs: cannot write out ${ref} in a request body`);
    return { ...(mapRefs(target, (r, s) => inline(r, s, [...seen, id])) as Json), ...siblings };
  };
  const { $schema: _schema, id: _id, definitions: _definitions, ...rest } = json;
  return ApiBody({ schema: mapRefs(rest, (ref, siblings) => inline(ref, siblings, [])) as Json });
}
