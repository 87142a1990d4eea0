import { type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { output, ZodType } from 'zod';
import { DomainError } from '@looma-hub/domain';
import { RequestErrors } from './codes';
import type { FieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property \S+ should not exist$/, 'unknown field') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** `Invalid request: a (why), b (why)` with every field in `errors`: the one shape of a 400 for bad input. */
export function invalidRequest(fields: FieldError[]): DomainError {
  return new DomainError(RequestErrors.Invalid, `Invalid request: ${fields.map((f) => `${f.field} (${f.message})`).join(', ')}`, {
    fieldErrors: fields,
  });
}

/** DTO validation: unknown fields are rejected, every bad field named in a 400 problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });
}

/**
 * Validates with a zod schema (the shapes of libs/contracts) and turns every issue into a field error of one 400
 * problem: `@Query(new ZodPipe(ProductSearchQuerySchema)) query: ProductSearchQuery`.
 */
export class ZodPipe<S extends ZodType> implements PipeTransform<unknown, output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): output<S> {
    const parsed = this.schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    throw invalidRequest(
      parsed.error.issues.map((i) => ({
        field: i.path.length ? i.path.join('.') : i.code === 'unrecognized_keys' ? i.keys.join(', ') : 'body',
        message: i.code === 'unrecognized_keys' ? `unknown parameter${i.keys.length > 1 ? 's' : ''}` : i.message,
      })),
    );
  }
}
