import {
  EligibilitySchema,
  type RetailerEligibility,
  RetailerErrors,
  RetailerPricingRulePageSchema,
  RetailerProductPageEnvelopeSchema,
  type RetailerSale,
  type RetailerSaleReceipt,
  type RetailerSaleRequest,
} from '@looma-hub/contracts';
import { PartnerHttp } from '../http/partner-http';

/** A page as the hub reads it: the envelope checked, the items left for the caller to check one by one. */
export interface RetailerItemsPage {
  items: unknown[];
  nextCursor: string | null;
}

export interface RetailerConnection {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/**
 * Client of the Retailer Integration API (REST, libs/contracts/published/retailer-integration.openapi.yaml). Every
 * call that changes state is idempotent by order id.
 */
export class RetailerClient {
  private readonly http: PartnerHttp;

  constructor(conn: RetailerConnection) {
    this.http = new PartnerHttp({
      partner: 'retailer',
      errors: RetailerErrors,
      baseUrl: conn.baseUrl,
      headers: { authorization: `Bearer ${conn.token}` },
      timeoutMs: conn.timeoutMs ?? 10_000,
    });
  }

  /**
   * One page of products. The page itself must follow the contract (`retailer.contract-violated` otherwise); its items
   * are returned unchecked, so one bad product can be set aside without losing the page.
   */
  async listProducts(params: { cursor?: string | null; limit?: number; updatedSince?: string | null }): Promise<RetailerItemsPage> {
    const { data } = await this.http.request<unknown>('GET', '/v1/products', {
      query: { cursor: params.cursor, limit: params.limit ?? 100, updatedSince: params.updatedSince },
    });
    const page = RetailerProductPageEnvelopeSchema.safeParse(data);
    if (!page.success) throw this.http.contractViolated(`products page breaks the contract: ${describeIssue(page.error.issues[0])}`);
    return page.data;
  }

  /**
   * One page of discount rules (`GET /v1/discount-rules`), disabled and deleted ones included. Like products: the
   * page must follow the contract, its rules are returned unchecked for the caller to check one by one.
   */
  async listPricingRules(params: { cursor?: string | null; limit?: number; updatedSince?: string | null }): Promise<RetailerItemsPage> {
    const { data } = await this.http.request<unknown>('GET', '/v1/discount-rules', {
      query: { cursor: params.cursor, limit: params.limit ?? 200, updatedSince: params.updatedSince },
    });
    const page = RetailerPricingRulePageSchema.safeParse(data);
    if (!page.success) throw this.http.contractViolated(`discount rules page breaks the contract: ${describeIssue(page.error.issues[0])}`);
    return page.data;
  }

  /** What the retailer knows of a customer (by CPF/CNPJ or phone): registered, loyalty tier, segments. */
  async eligibility(customer: { document?: string; phone?: string }): Promise<RetailerEligibility> {
    const { data } = await this.http.request<unknown>('GET', '/v1/customers/eligibility', {
      query: { document: customer.document, phone: customer.phone },
    });
    const answer = EligibilitySchema.safeParse(data);
    if (!answer.success)
      throw this.http.contractViolated(`eligibility answer breaks the contract: ${describeIssue(answer.error.issues[0])}`);
    return answer.data;
  }

  /** Registers the sale; a repeat for the same orderId returns the sale already registered. */
  async registerSale(sale: RetailerSaleRequest): Promise<RetailerSaleReceipt> {
    const { data } = await this.http.request<RetailerSaleReceipt>('POST', '/v1/sales', {
      body: sale,
      headers: { 'idempotency-key': `order-${sale.orderId}` },
    });
    if (!data?.saleId) throw this.http.contractViolated('sale registered without saleId');
    return data;
  }

  async cancelSale(saleId: string, reason: string): Promise<RetailerSale> {
    const { data } = await this.http.request<RetailerSale>('POST', `/v1/sales/${encodeURIComponent(saleId)}/cancel`, { body: { reason } });
    return data;
  }

  /** Cancels whatever sale was registered for the order (the hub may never have seen its sale id). */
  async cancelSaleByOrder(orderId: string, reason: string): Promise<RetailerSale> {
    const { data } = await this.http.request<RetailerSale>('POST', `/v1/sales/by-order/${encodeURIComponent(orderId)}/cancel`, {
      body: { reason },
    });
    return data;
  }

  async getSale(saleId: string): Promise<RetailerSale> {
    const { data } = await this.http.request<RetailerSale>('GET', `/v1/sales/${encodeURIComponent(saleId)}`);
    return data;
  }
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string } | undefined): string {
  return `${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim();
}
