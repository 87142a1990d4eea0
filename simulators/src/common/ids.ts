import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** A UUID without dashes, the id style of the B2B portal ("f240b035a8134e51804f97994c5414a9"). */
export function hex32(): string {
  return randomUUID().replace(/-/g, '');
}

/** A prefixed opaque id, e.g. "sale_01f3…". */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}

/** A numeric code of exactly `length` digits (leading zeros allowed), e.g. an authorization code. */
export function numericCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += randomInt(0, 10).toString();
  return code;
}

/** Monotonic numeric ids starting at a partner-looking value (the credit provider's ids are plain numbers). */
export class Sequence {
  private next: number;
  constructor(private readonly start: number) {
    this.next = start;
  }
  take(): number {
    return this.next++;
  }
  reset(): void {
    this.next = this.start;
  }
}
