import { isValidCnpj, isValidCpf, isValidPhone } from '@looma-hub/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A valid CPF or CNPJ (numeric or the 2026 alphanumeric CNPJ), punctuation allowed. */
export function IsTaxDocument(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTaxDocument',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a valid CPF or CNPJ', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && (isValidCpf(v) || isValidCnpj(v)) },
    });
}

/** A Brazilian phone number in any usual notation. */
export function IsBrazilianPhone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBrazilianPhone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a valid Brazilian phone number', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidPhone(v) },
    });
}
