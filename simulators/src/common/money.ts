/**
 * Money helpers. Every amount is kept as integer centavos inside the simulators; partners see it in their own
 * format at the edge: BRL strings ("1.000,00") in the credit provider's requests, decimal reais (12.5) in the
 * loyalty program and the B2B portal, integer centavos in the retailer API.
 */

const BRL_PATTERN = /^(?:\d{1,3}(?:\.\d{3})+|\d+),\d{2}$/;

/** Parses a Brazilian-formatted amount ("1.000,00", "999,90", "0,01") into centavos; null when malformed. */
export function parseBrl(value: string): number | null {
  const trimmed = value.trim();
  if (!BRL_PATTERN.test(trimmed)) return null;
  const digits = trimmed.replace(/\./g, '').replace(',', '');
  const centavos = Number(digits);
  return Number.isSafeInteger(centavos) ? centavos : null;
}

/** Formats centavos as a Brazilian amount without the currency symbol: 100000 → "1.000,00". */
export function formatBrl(centavos: number): string {
  assertCentavos(centavos);
  const negative = centavos < 0;
  const abs = Math.abs(centavos);
  const reais = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const grouped = reais.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped},${cents}`;
}

/**
 * Converts decimal reais (a JSON number such as 12.5) into centavos. Returns null when the number has more than
 * two decimal places or is not finite, so a partner never silently rounds money it was sent.
 */
export function reaisToCentavos(reais: number): number | null {
  if (!Number.isFinite(reais)) return null;
  const scaled = reais * 100;
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6) return null;
  return Number.isSafeInteger(rounded) ? rounded : null;
}

/** Centavos → decimal reais for JSON responses (12345 → 123.45). */
export function centavosToReais(centavos: number): number {
  assertCentavos(centavos);
  return centavos / 100;
}

function assertCentavos(centavos: number): void {
  if (!Number.isSafeInteger(centavos)) throw new RangeError(`centavos must be an integer, got ${centavos}`);
}
