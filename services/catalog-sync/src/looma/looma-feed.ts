import {
  type CloudEvent,
  eventKey,
  LOOMA_PRODUCT_WEBHOOK_EVENT,
  type LoomaProductOfferedV1,
  loomaProductMessages,
  loomaProductsTopic,
  type ProductChangedV1,
  Topics,
} from '@looma-hub/contracts';
import { sendInChunks } from '@looma-hub/platform';
import type { CompressionTypes, Message, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { FEED_COLUMNS, type FeedRow, productChangedEvent } from '../feed/product-change-feed';
import { type LoomaChannels } from './looma-channel.service';

export const LOOMA_FEED = 'looma-channel';
const OFFER_ID_NAMESPACE = '9a4d7e21-6c3b-5f8e-a1d2-3b4c5d6e7f80';

/**
 * The Looma channel's view of the product feed: each change of a tenant with a Looma channel becomes Looma's own
 * product message for every workspace, on the tenant's topic `looma.<tenantId>.products.v1` (keyed
 * `<workspaceId>:<item id>`, what Looma consumes instead of polling), and one `hub.channels.looma-product-offered.v1`
 * event that webhooks delivers as `looma.product.changed` to the endpoints that ask for it. Its event id is derived
 * from the product change's, so a batch published twice (a crash before the bookmark) is dropped downstream.
 */
export class LoomaFeedPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly channels: LoomaChannels,
    private readonly opts: { source: string; compression: CompressionTypes },
  ) {}

  /** No tenant has a Looma channel: the feed need not read the changes at all. */
  readonly idle = async (): Promise<boolean> => {
    const [row] = (await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM "catalog"."looma_channel") AS any`)) as { any: boolean }[];
    return !row?.any;
  };

  readonly publish = async (rows: FeedRow[], now: Date): Promise<number> => {
    const workspaces = await this.channels.workspacesOf(this.dataSource.manager, [...new Set(rows.map((r) => r.tenant_id))]);
    const events = rows.filter((r) => workspaces.has(r.tenant_id)).map((r) => productChangedEvent(r, this.opts.source, now));
    return this.send(events, workspaces, now);
  };

  /**
   * The whole catalog of a tenant offered at once (a channel created, or its workspaces changed): Looma starts from
   * the full state, then follows the changes. Pages by id; `salt` makes the webhook events new ones.
   */
  async offerCatalog(tenantId: string, salt: string, pageSize = 1_000): Promise<number> {
    const workspaces = await this.channels.workspacesOf(this.dataSource.manager, [tenantId]);
    if (!workspaces.size) return 0;
    let after = '00000000-0000-0000-0000-000000000000';
    let offered = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT ${FEED_COLUMNS} FROM "catalog"."product" p WHERE p.tenant_id = $1 AND p.id > $2::uuid ORDER BY p.id LIMIT $3`,
        [tenantId, after, pageSize],
      )) as FeedRow[];
      if (!rows.length) return offered;
      const now = new Date();
      offered += await this.send(
        rows.map((r) => productChangedEvent(r, this.opts.source, now)),
        workspaces,
        now,
        salt,
      );
      after = (rows[rows.length - 1] as FeedRow).id;
      if (rows.length < pageSize) return offered;
    }
  }

  async send(events: CloudEvent<ProductChangedV1>[], workspaces: Map<string, string[]>, now: Date, salt = ''): Promise<number> {
    const byTopic = new Map<string, Message[]>();
    const offers: Message[] = [];
    for (const event of events) {
      const ws = workspaces.get(event.tenantid) ?? [];
      if (!ws.length) continue;
      const messages = loomaProductMessages(event.data, ws, now);
      const topic = loomaProductsTopic(event.tenantid);
      const list = byTopic.get(topic) ?? [];
      for (const m of messages) list.push({ key: `${m.workspaceId}:${m.product.id}`, value: JSON.stringify(m) });
      byTopic.set(topic, list);
      const offer: CloudEvent<LoomaProductOfferedV1> = {
        specversion: '1.0',
        id: uuidv5(`looma:${salt}:${event.id}`, OFFER_ID_NAMESPACE),
        source: this.opts.source,
        type: LOOMA_PRODUCT_WEBHOOK_EVENT,
        subject: event.data.productId,
        time: now.toISOString(),
        datacontenttype: 'application/json',
        tenantid: event.tenantid,
        data: { productId: event.data.productId, externalId: event.data.externalId, messages },
      };
      offers.push({ key: eventKey(event.tenantid, event.data.productId), value: JSON.stringify(offer) });
    }
    if (offers.length) byTopic.set(Topics.loomaProductOffered, offers);
    for (const [topic, messages] of byTopic) {
      await sendInChunks(this.producer, { topic, messages, acks: -1, compression: this.opts.compression });
    }
    return offers.length;
  }
}
