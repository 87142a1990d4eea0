/** How a tenant reaches its retailer (REST pull transport of the Retailer Integration API). */
export interface RetailerConnectionInput {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export interface WebhookEndpointInput {
  url: string;
  /** Standard Webhooks secret (`whsec_…`); generated when omitted. */
  secret?: string;
  /** Up to five custom headers sent with every delivery (chat platforms' custom auth). */
  headers?: Record<string, string>;
  /** Event types to deliver; all when omitted. */
  events?: string[];
  description?: string;
}
