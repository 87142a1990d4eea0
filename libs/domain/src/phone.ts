// Brazilian phone numbers. Canonical form inside the hub: E.164 (`+5548999998888`). Each partner wants its own
// spelling, produced by `formatPhone`. National numbers are a two-digit area code (DDD) plus a subscriber
// number: 9 digits starting with 9 for mobiles, 8 digits starting with 2–5 for landlines.
import { describeValue, DomainError, DomainErrorCode, type FieldOptions } from './errors';

declare const e164Brand: unique symbol;
/** A valid Brazilian number in E.164: `+55`, the DDD, the subscriber number (`+5548999998888`). */
export type E164Phone = string & { readonly [e164Brand]: true };

export type PhoneKind = 'mobile' | 'landline';

/**
 * - `e164`: `+5548999998888` (canonical; the hub's own APIs);
 * - `digits`: `5548999998888` (Looma's `contact.phone`);
 * - `national`: `(48) 99999-8888` (display);
 * - `compact`: `(48)99999-8888` (loyalty program's `telefone`);
 * - `spaced`: `(48) 99999 - 8888` (store-credit provider's `celular` and `destino`).
 */
export type PhoneFormat = 'e164' | 'digits' | 'national' | 'compact' | 'spaced';

/** The 67 area codes (DDD) in use, per ANATEL. */
export const AREA_CODES: readonly string[] = Object.freeze([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '22',
  '24',
  '27',
  '28',
  '31',
  '32',
  '33',
  '34',
  '35',
  '37',
  '38',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '53',
  '54',
  '55',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '67',
  '68',
  '69',
  '71',
  '73',
  '74',
  '75',
  '77',
  '79',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '87',
  '88',
  '89',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
  '97',
  '98',
  '99',
]);
const AREA_CODE_SET = new Set(AREA_CODES);

export function isValidAreaCode(areaCode: string): boolean {
  return AREA_CODE_SET.has(areaCode);
}

export interface PhoneOptions extends FieldOptions {
  /**
   * An 8-digit number starting with 6–9 is a mobile from before the ninth digit (all mobiles gained a
   * leading 9 by 2016; WhatsApp ids of older accounts still lack it). `add-ninth-digit` (default) turns it
   * into today's number; `reject` refuses it (`phone.invalid`), e.g. for numbers a customer types in.
   */
  legacyMobile?: 'add-ninth-digit' | 'reject';
}

// Digits plus the punctuation people type; a `+` only in front.
const ALLOWED = /^\+?[\d\s().\-\u2010-\u2015]+$/;

/**
 * Any common spelling of a Brazilian number → E.164, or throws `phone.invalid`. Accepted: `(48) 99999-8888`,
 * `48999998888`, `+55 48 9 9999-8888`, `5548999998888`, `(48) 3011 - 9299`, `048 99999-8888` (trunk
 * prefix), `0 21 48 99999-8888` (trunk prefix and carrier code). Area codes are checked against
 * `AREA_CODES`; a number without an area code, toll-free (0800) and foreign numbers are rejected.
 */
export function parsePhone(input: string, options: PhoneOptions = {}): E164Phone {
  const result = analyse(input, options.legacyMobile ?? 'add-ninth-digit');
  if (typeof result === 'string') {
    throw new DomainError(DomainErrorCode.PhoneInvalid, result, { field: options.field });
  }
  return `+55${result.areaCode}${result.subscriber}` as E164Phone;
}

export function isValidPhone(input: string, options: Omit<PhoneOptions, 'field'> = {}): boolean {
  return typeof analyse(input, options.legacyMobile ?? 'add-ninth-digit') !== 'string';
}

interface Parts {
  areaCode: string;
  subscriber: string;
}

// Returns the parts, or a reason (never containing the number itself: it is personal data).
function analyse(input: unknown, legacyMobile: 'add-ninth-digit' | 'reject'): Parts | string {
  if (typeof input !== 'string') return `Phone must be text, got ${describeValue(input)}`;
  const text = input.trim();
  if (!ALLOWED.test(text)) return 'Phone may contain only digits, spaces, parentheses, dots, hyphens and a leading +';
  const digits = text.replace(/\D/g, '');
  let national: string;
  if (text.startsWith('+')) {
    if (!digits.startsWith('55')) return 'Only Brazilian numbers (+55) are accepted';
    national = digits.slice(2);
  } else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    national = digits.slice(2); // country code without "+"; DDD 55 alone gives 10–11 digits, so no clash
  } else if ((digits.length === 11 || digits.length === 12) && digits.startsWith('0')) {
    national = digits.slice(1); // trunk prefix 0
  } else if ((digits.length === 13 || digits.length === 14) && digits.startsWith('0')) {
    national = digits.slice(3); // trunk prefix 0 and a two-digit carrier selection code
  } else {
    national = digits;
  }
  if (national.length !== 10 && national.length !== 11) {
    return `Phone must have an area code and 8 or 9 digits (got ${digits.length} digits)`;
  }
  const areaCode = national.slice(0, 2);
  let subscriber = national.slice(2);
  if (!AREA_CODE_SET.has(areaCode)) return `Unknown area code (DDD) ${areaCode}`;
  const first = subscriber.charAt(0);
  if (subscriber.length === 9) {
    if (first !== '9') return 'A 9-digit phone number must start with 9 (mobile)';
  } else if (first >= '6') {
    if (legacyMobile === 'reject') return 'Mobile number is missing the leading 9 (ninth digit)';
    subscriber = `9${subscriber}`;
  } else if (first < '2') {
    return 'An 8-digit phone number must start with 2–5 (landline) or 6–9 (mobile without the ninth digit)';
  }
  return { areaCode, subscriber };
}

function partsOf(phone: string): Parts {
  const parts = analyse(phone, 'add-ninth-digit');
  if (typeof parts === 'string') throw new DomainError(DomainErrorCode.PhoneInvalid, parts);
  return parts;
}

export function phoneKind(phone: E164Phone): PhoneKind {
  return partsOf(phone).subscriber.length === 9 ? 'mobile' : 'landline';
}

/** `"+5548999998888"` → `"48"`. */
export function areaCodeOf(phone: E164Phone): string {
  return partsOf(phone).areaCode;
}

/** See `PhoneFormat` for which partner wants which spelling. */
export function formatPhone(phone: E164Phone, format: PhoneFormat): string {
  const { areaCode, subscriber } = partsOf(phone);
  const head = subscriber.slice(0, -4);
  const tail = subscriber.slice(-4);
  switch (format) {
    case 'e164':
      return `+55${areaCode}${subscriber}`;
    case 'digits':
      return `55${areaCode}${subscriber}`;
    case 'national':
      return `(${areaCode}) ${head}-${tail}`;
    case 'compact':
      return `(${areaCode})${head}-${tail}`;
    case 'spaced':
      return `(${areaCode}) ${head} - ${tail}`;
  }
}

/**
 * Log-safe rendering; never throws. A valid number keeps its area code and last four digits
 * (`"+55 48 *****-8888"`); anything else has every digit replaced by `*`.
 */
export function maskPhone(input: string): string {
  if (typeof input !== 'string') return '***';
  const parts = analyse(input, 'add-ninth-digit');
  if (typeof parts === 'string') return input.replace(/\d/g, '*');
  const hidden = '*'.repeat(parts.subscriber.length - 4);
  return `+55 ${parts.areaCode} ${hidden}-${parts.subscriber.slice(-4)}`;
}
