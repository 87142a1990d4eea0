import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createIdempotentProducer, KAFKA } from '@looma-hub/platform';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { StockReservations } from '../reservation/stock-reservations.service';
import { SyncRuns } from '../sync/sync-runs';
import { ProductChangeFeed } from './product-change-feed';
import { PromotionClock } from './promotion-clock';
import { LOOMA_FEED, LoomaFeedPublisher } from '../looma/looma-feed';
import { LoomaChannels } from '../looma/looma-channel.service';

const JANITOR_EVERY_MS = 10 * 60_000;

/**
 * What the HTTP process runs in the background: the product change feed (product-changed events from the product
 * table), the promotion clock, and a janitor (seen-sets of full syncs that never ended, reservations that hold
 * nothing any more). Each is safe with several replicas (advisory locks, idempotent deletes).
 */
@Injectable()
export class CatalogBackground implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogBackground.name);
  private producer: Producer | undefined;
  private feed: ProductChangeFeed | undefined;
  private loomaFeed: ProductChangeFeed | undefined;
  /** The Looma channel's publisher (also used for the catalog snapshot of a new channel). */
  looma: LoomaFeedPublisher | undefined;
  private clock: PromotionClock | undefined;
  private janitor: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly syncRuns: SyncRuns,
    private readonly reservations: StockReservations,
    private readonly loomaChannels: LoomaChannels,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A producer of its own: a million change events must not queue behind the outbox relay's, nor it behind them.
    this.producer = await createIdempotentProducer(this.kafka);
    this.feed = new ProductChangeFeed(this.dataSource, this.producer, {
      databaseUrl: this.config.DATABASE_URL,
      source: 'looma-hub/catalog-sync',
      batchSize: this.config.CATALOG_FEED_BATCH_SIZE,
      compression: this.config.CATALOG_FEED_COMPRESSION === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    });
    await this.feed.start();
    const compression = this.config.CATALOG_FEED_COMPRESSION === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.looma = new LoomaFeedPublisher(this.dataSource, this.producer, this.loomaChannels, {
      source: 'looma-hub/catalog-sync',
      compression,
    });
    this.loomaFeed = new ProductChangeFeed(this.dataSource, this.producer, {
      databaseUrl: this.config.DATABASE_URL,
      source: 'looma-hub/catalog-sync',
      batchSize: this.config.CATALOG_FEED_BATCH_SIZE,
      compression,
      name: LOOMA_FEED,
      publish: this.looma.publish,
      idle: this.looma.idle,
    });
    await this.loomaFeed.start();
    this.clock = new PromotionClock(this.dataSource, this.config.CATALOG_PROMOTION_TICK_MS);
    this.clock.start();
    this.janitor = setInterval(() => void this.sweep(), JANITOR_EVERY_MS);
    this.janitor.unref();
    this.logger.log('product change feed, promotion clock and janitor started');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.janitor);
    await this.clock?.stop();
    await this.feed?.stop();
    await this.loomaFeed?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async sweep(): Promise<void> {
    try {
      const dropped = await this.syncRuns.dropAbandoned(24);
      const pruned = await this.reservations.prune();
      if (dropped || pruned) this.logger.log({ seenSetsDropped: dropped, reservationsPruned: pruned }, 'catalog janitor');
    } catch (err) {
      this.logger.warn({ err }, 'catalog janitor failed; next sweep retries');
    }
  }
}
