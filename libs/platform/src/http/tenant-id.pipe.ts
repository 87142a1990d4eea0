import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalidRequest } from '../errors/validation';

/** What a tenant id may look like everywhere (`tn_…` generated, or an operator's own slug). */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** `:tenantId` path parameters, checked before they reach a query: a 400 naming `tenantId` otherwise. */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TENANT_ID_PATTERN.test(value)) {
      throw invalidRequest([
        { field: 'tenantId', message: 'must be 1-100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' },
      ]);
    }
    return value;
  }
}
