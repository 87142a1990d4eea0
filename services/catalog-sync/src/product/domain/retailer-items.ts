import { type RetailerProduct, RetailerProductSchema } from '@looma-hub/contracts';

/** Why a retailer's item was kept out of the catalog. */
export const QuarantineReasons = {
  /** No usable id: the item cannot be told apart from any other. */
  MissingId: 'missing-id',
  /** A field breaks the published contract (negative stock, a price that is not integer centavos, …). */
  InvalidField: 'invalid-field',
  /** A text or list over the contract's limits (a 3 MB description). */
  TooLarge: 'too-large',
  /** The promotion ends before it starts. */
  PromoWindow: 'promo-window',
  /** A pushed stock or price change of a product (or variant) the catalog has never seen. */
  UnknownProduct: 'unknown-product',
  /** The same id more than once in one page: the newest version applies, the others are kept here. */
  DuplicateId: 'duplicate-id',
  /** Not a JSON object at all. */
  NotAnObject: 'not-an-object',
} as const;
export type QuarantineReason = (typeof QuarantineReasons)[keyof typeof QuarantineReasons];

export interface RejectedItem {
  externalId: string | null;
  reason: QuarantineReason;
  /** The field at fault (`stock`, `variants.2.id`), null when the item as a whole is. */
  field: string | null;
  message: string;
  /** The item as received, cut to a few kilobytes (the quarantine is for reading, not a copy of a 3 MB field). */
  excerpt: string;
  /** Size of the item as received, in bytes of JSON. */
  bytes: number;
  /** Where this item came from, when not where its batch did (a pushed event's own offset). */
  sourceRef?: string;
}

export interface ReadItems {
  products: RetailerProduct[];
  rejected: RejectedItem[];
}

const EXCERPT_BYTES = 2_048;

export function describeItem(item: unknown): { excerpt: string; bytes: number } {
  let json: string;
  try {
    json = JSON.stringify(item) ?? String(item);
  } catch {
    json = String(item);
  }
  const bytes = Buffer.byteLength(json);
  return { excerpt: bytes <= EXCERPT_BYTES ? json : `${json.slice(0, EXCERPT_BYTES)}…`, bytes };
}

function idOf(item: unknown): string | null {
  const id = item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : typeof id === 'number' ? String(id) : null;
}

/**
 * Sorts one page's items into products the contract accepts and items to quarantine, each with its reason and
 * field. Never throws: one bad item must not stop a sync.
 */
export function readRetailerItems(items: unknown[]): ReadItems {
  const valid = new Map<string, RetailerProduct>();
  const rejected: RejectedItem[] = [];
  const reject = (item: unknown, reason: QuarantineReason, field: string | null, message: string, externalId = idOf(item)) =>
    rejected.push({ externalId, reason, field, message, ...describeItem(item) });

  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      reject(item, QuarantineReasons.NotAnObject, null, 'is not a JSON object');
      continue;
    }
    const parsed = RetailerProductSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : null;
      const message = `${field ?? 'item'}: ${issue?.message ?? 'invalid'}`;
      if (field === 'id' || idOf(item) === null) reject(item, QuarantineReasons.MissingId, 'id', message, null);
      else if (issue?.code === 'too_big') reject(item, QuarantineReasons.TooLarge, field, message);
      else if (field === 'promoEnd' && issue?.code === 'custom') reject(item, QuarantineReasons.PromoWindow, field, message);
      else reject(item, QuarantineReasons.InvalidField, field, message);
      continue;
    }
    const product = parsed.data;
    const id = product.id.trim();
    const seen = valid.get(id);
    if (seen) {
      // Keep the newest version (the later one on a tie); the other is the duplicate.
      const [keep, drop] = Date.parse(product.updatedAt) >= Date.parse(seen.updatedAt) ? [product, seen] : [seen, product];
      valid.set(id, keep);
      reject(drop, QuarantineReasons.DuplicateId, 'id', `id ${id} appears more than once in the page; the newest version applies`);
      continue;
    }
    valid.set(id, product);
  }
  return { products: [...valid.values()], rejected };
}
