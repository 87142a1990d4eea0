import { RetailerErrors } from '@looma-hub/contracts';
import { PartnerHttp } from '../http/partner-http';
import type { RetailerProductPage, RetailerSale, RetailerSaleRequest } from './retailer.types';

export interface RetailerConnection {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

/** Client of the Retailer Integration API (REST). Every call that changes state is idempotent by order id. */
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

  async listProducts(params: { cursor?: string | null; limit?: number; updatedSince?: string | null }): Promise<RetailerProductPage> {
    const { data } = await this.http.request<RetailerProductPage>('GET', '/v1/products', {
      query: { cursor: params.cursor, limit: params.limit ?? 100, updatedSince: params.updatedSince },
    });
    if (!data || !Array.isArray(data.items)) throw this.http.contractViolated('products page without items');
    return data;
  }

  /** Registers the sale; a repeat for the same orderId returns the sale already registered. */
  async registerSale(sale: RetailerSaleRequest): Promise<RetailerSale> {
    const { data } = await this.http.request<RetailerSale>('POST', '/v1/sales', {
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
