/** The external partners the simulators play, each under its own route prefix. */
export const PARTNERS = ['retailer', 'credit', 'loyalty', 'b2b', 'chat'] as const;
export type Partner = (typeof PARTNERS)[number];

export function isPartner(value: string): value is Partner {
  return (PARTNERS as readonly string[]).includes(value);
}

/** The partner that owns a request path ("/credit/v1/…" → "credit"), "control" for the control API, else null. */
export function areaOfPath(path: string): Partner | 'control' | null {
  const first = path.split('/')[1] ?? '';
  if (first === '_control') return 'control';
  return isPartner(first) ? first : null;
}
