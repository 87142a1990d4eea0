/**
 * Checks answers against an OpenAPI 3.1 document, so a test fails when an implementation (the simulators, the
 * gateway) and its published contract drift apart: the operation is found by method and path template, the
 * response schema by status, and the body validated with Ajv (JSON Schema 2020-12, formats included).
 */
import fs from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}

export interface OpenApiValidator {
  /** Why `body` is not what the document promises for `method path` → `status`; empty when it is. */
  responseErrors(method: string, path: string, status: number, body: unknown): string[];
  /** The operations (`GET /v1/products`, …) some check went through so far. */
  covered(): Set<string>;
  /** Every operation of the document. */
  operations(): string[];
}

export function openApiValidator(docOrFile: string | Record<string, unknown>): OpenApiValidator {
  const doc = (typeof docOrFile === 'string' ? parse(fs.readFileSync(docOrFile, 'utf8')) : docOrFile) as {
    paths: Record<string, Record<string, Operation>>;
    components?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'openapi.json' });
  const compiled = new Map<string, ValidateFunction>();
  const covered = new Set<string>();
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: template.replace(/\{[^}]+\}/g, '').length,
  }));

  return {
    responseErrors(method, path, status, body) {
      const bare = path.split('?')[0] ?? path;
      // The most literal template wins: `/v1/sales/by-order/{id}/cancel` over `/v1/sales/{id}/cancel`.
      const match = templates.filter((t) => t.regex.test(bare)).sort((a, b) => b.literal - a.literal)[0];
      if (!match) return [`no path of the document matches ${bare}`];
      const verb = method.toLowerCase();
      const operation = doc.paths[match.template]?.[verb];
      if (!operation) return [`${method} is not an operation of ${match.template}`];
      covered.add(`${method.toUpperCase()} ${match.template}`);
      let response = operation.responses?.[String(status)] ?? operation.responses?.default;
      if (!response) return [`${method} ${match.template} documents no ${status} answer`];
      let pointer = `openapi.json#/paths/${escape(match.template)}/${verb}/responses/${operation.responses?.[String(status)] ? status : 'default'}`;
      if (response.$ref) {
        const name = response.$ref.split('/').pop() ?? '';
        response = doc.components?.responses?.[name] ?? {};
        pointer = `openapi.json#/components/responses/${escape(name)}`;
      }
      if (!response.content?.['application/json']?.schema) return body === undefined || body === '' ? [] : ['no JSON body documented'];
      const key = `${pointer}/content/application~1json/schema`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile({ $ref: key });
        compiled.set(key, validate);
      }
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    },
    covered: () => covered,
    operations: () =>
      Object.entries(doc.paths).flatMap(([template, ops]) =>
        Object.keys(ops)
          .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
          .map((k) => `${k.toUpperCase()} ${template}`),
      ),
  };
}

/** JSON pointer escaping of one segment. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
