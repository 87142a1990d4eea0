import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** RFC 9457 problem details, as every error of this API is answered (content type application/problem+json). */
export class FieldErrorDoc {
  @ApiProperty({ example: 'customer.document' })
  field!: string;

  @ApiProperty({ example: 'must be a valid CPF or CNPJ' })
  message!: string;
}

export class ProblemDoc {
  @ApiProperty({ example: 'https://looma-hub.dev/problems/request/invalid' })
  type!: string;

  @ApiProperty({ example: 'Bad request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'request.invalid', description: 'Stable machine-readable code' })
  code?: string;

  @ApiPropertyOptional()
  detail?: string;

  @ApiPropertyOptional({ example: '/v1/orders' })
  instance?: string;

  @ApiPropertyOptional({ description: 'Quote it when reporting a problem' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDoc], description: 'Each offending field, named' })
  errors?: FieldErrorDoc[];
}

/** One error answer with a description of its own (what {@link ApiProblems} says of a status does not fit). */
export const ApiProblem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDoc' } } } });

/** The error answers every authenticated route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  const descriptions: Record<number, string> = {
    400: 'Invalid request: malformed JSON, unknown or invalid fields (each named in `errors`)',
    401: 'Missing, malformed or revoked API key',
    404: 'Not found (or not this tenant’s)',
    409: 'A request with this Idempotency-Key is still being processed',
    413: 'Body larger than the limit',
    422: 'Understood but refused (business rule, or Idempotency-Key reused with another body)',
    503: 'A service behind the gateway is not answering; retry later',
  };
  return applyDecorators(...statuses.map((s) => ApiProblem(s, descriptions[s] ?? 'Error')));
}

export class OrderLineDoc {
  @ApiProperty() productId!: string;
  @ApiPropertyOptional() sku?: string;
  @ApiPropertyOptional() name?: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'centavos' }) unitPriceCents!: number;
}

export class OrderCustomerViewDoc {
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'CPF/CNPJ digits' }) document!: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
}

export class OrderStatusEntryDoc {
  @ApiProperty({ enum: ['RECEIVED', 'REGISTERED', 'COMPLETED', 'CANCELLED', 'FAILED'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional() reason?: string;
}

export class OrderViewDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ enum: ['RECEIVED', 'REGISTERED', 'COMPLETED', 'CANCELLED', 'FAILED'] }) status!: string;
  @ApiProperty({ type: OrderCustomerViewDoc }) customer!: OrderCustomerViewDoc;
  @ApiProperty({ type: [OrderLineDoc] }) lines!: OrderLineDoc[];
  @ApiProperty({ description: 'centavos' }) totalCents!: number;
  @ApiProperty({ nullable: true, type: String, description: "The sale's id in the retailer's system" }) retailerSaleId!: string | null;
  @ApiProperty({ example: 'order-0b6c…', description: 'Temporal workflow id of its saga' }) workflowId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [OrderStatusEntryDoc] }) history!: OrderStatusEntryDoc[];
}
