import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { searchCacheLookups } from '../catalog.metrics';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { PRODUCT_CHANGES_CHANNEL } from '../product/product.store';

/** How long a ranking is served without a change having been announced. */
export const SEARCH_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

/** One page of a ranking: its product ids in order, and each one's sort key (for the next cursor). */
export interface RankedPage {
  ids: string[];
  sortKeys: (string | number)[];
}

interface Entry extends RankedPage {
  until: number;
}

/**
 * Rankings of text searches (the ordered product ids of one page), per tenant and question. Ranking is what costs a
 * text search (tens of milliseconds over a million products); the rows themselves — price, stock, reservations —
 * are always read fresh by id. A tenant's rankings are dropped as soon as a transaction announces product changes of
 * that tenant (`PRODUCT_CHANGES_CHANNEL`, payload = tenant; an empty payload drops every tenant's), and live at most
 * {@link SEARCH_CACHE_TTL_MS} anyway. Without its LISTEN connection the cache serves nothing, so it can never be
 * stale for longer than a notification takes.
 */
@Injectable()
export class SearchCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SearchCache.name);
  private readonly byTenant = new Map<string, Map<string, Entry>>();
  private size = 0;
  private listener: Client | undefined;
  private listening = false;
  private stopped = false;
  private retrying: NodeJS.Timeout | undefined;

  constructor(@Inject(CATALOG_CONFIG) private readonly config: CatalogConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen().catch((err: unknown) => this.logger.warn({ err }, 'search cache off: cannot LISTEN for product changes'));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retrying);
    await this.listener?.end().catch(() => undefined);
  }

  get(tenantId: string, key: string, now = Date.now()): RankedPage | undefined {
    const hit = this.listening ? this.byTenant.get(tenantId)?.get(key) : undefined;
    if (hit && hit.until > now) {
      searchCacheLookups.inc({ result: 'hit' });
      return hit;
    }
    searchCacheLookups.inc({ result: 'miss' });
    return undefined;
  }

  set(tenantId: string, key: string, page: RankedPage, now = Date.now()): void {
    if (!this.listening) return;
    if (this.size >= MAX_ENTRIES) this.clear();
    let entries = this.byTenant.get(tenantId);
    if (!entries) this.byTenant.set(tenantId, (entries = new Map()));
    if (!entries.has(key)) this.size++;
    entries.set(key, { ...page, until: now + SEARCH_CACHE_TTL_MS });
  }

  /** Drops one tenant's rankings (undefined: everyone's). */
  clear(tenantId?: string): void {
    if (tenantId === undefined) {
      this.byTenant.clear();
      this.size = 0;
      return;
    }
    this.size -= this.byTenant.get(tenantId)?.size ?? 0;
    this.byTenant.delete(tenantId);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'catalog-search-cache' });
    this.listener = client;
    client.on('notification', (n) => this.clear(n.payload ? n.payload : undefined));
    client.on('error', (err) => this.lost(err));
    client.on('end', () => this.lost());
    await client.connect();
    await client.query(`LISTEN ${PRODUCT_CHANGES_CHANNEL}`);
    this.listening = true;
  }

  private lost(err?: unknown): void {
    if (this.listening) {
      this.listening = false;
      this.clear();
      if (!this.stopped) this.logger.warn({ err }, 'search cache off: its LISTEN connection was lost; reconnecting');
    }
    if (this.stopped || this.retrying) return;
    this.retrying = setTimeout(() => {
      this.retrying = undefined;
      void this.listener?.end().catch(() => undefined);
      this.listen().catch((e: unknown) => this.lost(e));
    }, 5_000);
    this.retrying.unref();
  }
}
