import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsBrazilianPhone, IsTaxDocument } from '../../common/validators';

export const PAYMENT_METHODS = ['pix', 'boleto', 'credit_card', 'debit_card', 'cash', 'store_credit'] as const;

export class OrderCustomerDto {
  @ApiProperty({ example: 'Maria da Silva', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    description: 'CPF or CNPJ (numeric or alphanumeric), punctuation allowed; check digits are verified',
    example: '529.982.247-25',
    pattern: '^[0-9A-Za-z./-]{11,18}$',
  })
  @IsString()
  @IsTaxDocument()
  document!: string;

  @ApiPropertyOptional({ example: '+55 48 99999-8888' })
  @IsOptional()
  @IsString()
  @IsBrazilianPhone()
  phone?: string;

  @ApiPropertyOptional({ example: 'maria@example.com', format: 'email' })
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class OrderItemDto {
  @ApiProperty({ description: "The retailer's product id", example: '1001', minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  productId!: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  sku?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @ApiProperty({ description: 'Unit price in integer centavos', example: 2499, type: 'integer', minimum: 0, maximum: 100_000_000_00 })
  @IsInt()
  @Min(0)
  @Max(100_000_000_00)
  unitPriceCents!: number;
}

export class CreateOrderDto {
  @ApiPropertyOptional({
    description: "The chat platform's order id. Orders are idempotent by it: the same externalId is the same order.",
    example: 'chat-order-4711',
    pattern: '^[\\w.:-]{1,128}$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{1,128}$/, { message: 'externalId must be 1–128 characters of [A-Za-z0-9_.:-]' })
  externalId?: string;

  @ApiProperty({ type: OrderCustomerDto })
  @ValidateNested()
  @Type(() => OrderCustomerDto)
  customer!: OrderCustomerDto;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiPropertyOptional({
    description: 'Order total in centavos; when given it must equal the sum of the items (else 422).',
    type: 'integer',
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  totalCents?: number;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  paymentMethod?: (typeof PAYMENT_METHODS)[number];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

export class OrderAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'RECEIVED' })
  status!: string;

  @ApiProperty({ example: 'order-0b6c…' })
  workflowId!: string;

  @ApiProperty({ description: 'false when this externalId had already been placed (same order returned)' })
  created!: boolean;
}
