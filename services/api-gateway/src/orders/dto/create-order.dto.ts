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
  @ApiProperty({ example: 'Maria da Silva' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'CPF or CNPJ (numeric or alphanumeric), punctuation allowed', example: '529.982.247-25' })
  @IsString()
  @IsTaxDocument()
  document!: string;

  @ApiPropertyOptional({ example: '+55 48 99999-8888' })
  @IsOptional()
  @IsString()
  @IsBrazilianPhone()
  phone?: string;

  @ApiPropertyOptional({ example: 'maria@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class OrderItemDto {
  @ApiProperty({ description: "The retailer's product id", example: 'P-1001' })
  @IsString()
  @Length(1, 128)
  productId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;

  @ApiProperty({ minimum: 1, maximum: 10000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @ApiProperty({ description: 'Unit price in integer centavos', example: 1990 })
  @IsInt()
  @Min(0)
  @Max(100_000_000_00)
  unitPriceCents!: number;
}

export class CreateOrderDto {
  @ApiPropertyOptional({
    description: "The chat platform's order id. Orders are idempotent by it: the same externalId is the same order.",
    example: 'chat-order-4711',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{1,128}$/, { message: 'externalId must be 1–128 characters of [A-Za-z0-9_.:-]' })
  externalId?: string;

  @ApiProperty({ type: OrderCustomerDto })
  @ValidateNested()
  @Type(() => OrderCustomerDto)
  customer!: OrderCustomerDto;

  @ApiProperty({ type: [OrderItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiPropertyOptional({ description: 'Order total in centavos; when given it must equal the sum of the items.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  totalCents?: number;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  paymentMethod?: (typeof PAYMENT_METHODS)[number];

  @ApiPropertyOptional()
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
