import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  OmniChatProductListSchema,
  OmniChatProductSchema,
  OmniChatVariantSchema,
  ProductSearchResultSchema,
  ProductViewSchema,
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
};

export function zodComponents(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { target: 'openapi-3.0', io: 'output', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Json>;
  };
  for (const schema of Object.values(out.schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return out.schemas;
}

/** Adds {@link zodComponents} to a document built by Nest's Swagger module. */
export function withZodComponents(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...zodComponents() } };
  return document;
}

/** A 200 answer whose body is one of {@link COMPONENTS}. */
export function ApiZodOk(id: keyof typeof COMPONENTS & string, description: string): MethodDecorator {
  return ApiOkResponse({ description, schema: { $ref: `#/components/schemas/${id}` } });
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

/** The JSON body a route takes, documented from the zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json;
  delete json.$schema;
  delete json.id;
  return ApiBody({ schema: json });
}
