/** How a stored secret shows in a view: enough to tell two apart, never enough to use. */
export function secretHint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

/** How a custom header's value shows: its first 4 characters only when the value is long enough to keep most hidden. */
export function headerValueHint(value: string): string {
  return value.length > 12 ? `${value.slice(0, 4)}…` : '…';
}
