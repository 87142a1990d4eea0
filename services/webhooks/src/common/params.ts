import { type PipeTransform } from '@nestjs/common';
import { INBOUND_SOURCE_PATTERN } from '@looma-hub/contracts';
import { invalidRequest } from '@looma-hub/platform';

/** Path parameters checked before they reach a query, with a 400 naming the parameter. */
export class PatternPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly hint: string,
  ) {}

  transform(value: string): string {
    if (!this.pattern.test(value)) {
      throw invalidRequest([{ field: this.name, message: this.hint }]);
    }
    return value;
  }
}

/** The one tenant id rule of the hub. */
export { TenantIdPipe } from '@looma-hub/platform';
export const SourcePipe = new PatternPipe('source', INBOUND_SOURCE_PATTERN, 'lowercase letters, digits, . _ - (1–63)');
export const UuidPipe = (name: string) =>
  new PatternPipe(name, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');
