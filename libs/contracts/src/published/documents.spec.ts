import fs from 'node:fs';
import path from 'node:path';
import { schemas as asyncApiSchemas } from '@asyncapi/specs';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  hubCatalogAsyncApi,
  publishedDocuments,
  retailerCatalogAsyncApi,
  retailerIntegrationOpenApi,
  retailerPricingAsyncApi,
} from './documents';

const PUBLISHED_DIR = path.resolve(__dirname, '..', '..', 'published');

describe('published documents', () => {
  it.each(Object.keys(publishedDocuments()))('%s is what the schemas give (run `npm run contracts` after changing them)', (file) => {
    const onDisk = fs.readFileSync(path.join(PUBLISHED_DIR, file), 'utf8');
    expect(onDisk).toBe(publishedDocuments()[file]);
  });

  it('has no file in published/ that the schemas no longer produce', () => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = walk(PUBLISHED_DIR).map((f) => path.relative(PUBLISHED_DIR, f).split(path.sep).join('/'));
    expect(files.sort()).toEqual(Object.keys(publishedDocuments()).sort());
  });

  it('publishes a valid OpenAPI 3.1 document', () => {
    const metaSchema = JSON.parse(
      fs.readFileSync(require.resolve('@seriousme/openapi-schema-validator/schemas/v3.1/schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(metaSchema);
    const doc = parse(publishedDocuments()['retailer-integration.openapi.yaml'] ?? '') as unknown;
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    // And the document is the one built in code (YAML round trip loses nothing).
    expect(doc).toEqual(retailerIntegrationOpenApi());
  });

  it.each([
    ['retailer-catalog.asyncapi.yaml', retailerCatalogAsyncApi],
    ['retailer-pricing.asyncapi.yaml', retailerPricingAsyncApi],
    ['hub-catalog.asyncapi.yaml', hubCatalogAsyncApi],
  ])('publishes %s as a valid AsyncAPI 3.0 document', (file, build) => {
    // The AsyncAPI schema embeds the draft-07 meta-schema itself: Ajv's own copy would clash with it.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats(ajv);
    const validate = ajv.compile(asyncApiSchemas['3.0.0'] as object);
    const doc = parse(publishedDocuments()[file] ?? '') as unknown;
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc).toEqual(build());
  });

  it('resolves every $ref of the OpenAPI document to a component', () => {
    const doc = retailerIntegrationOpenApi();
    const refs = JSON.stringify(doc).match(/"#\/components\/[^"]+"/g) ?? [];
    const components = doc.components as Record<string, Record<string, unknown>>;
    const missing = [...new Set(refs)]
      .map((r) => r.slice(14, -1).split('/'))
      .filter(([kind, name]) => !components[kind ?? '']?.[name ?? '']);
    expect(missing).toEqual([]);
    expect(refs.length).toBeGreaterThan(10);
  });
});
