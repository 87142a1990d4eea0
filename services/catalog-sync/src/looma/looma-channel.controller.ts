import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Logger, Param, Put, UseGuards } from '@nestjs/common';
import { CatalogErrors, type LoomaChannelSettings, LoomaChannelSettingsSchema, loomaProductsTopic } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { ensureTopics, InternalApiGuard, KAFKA, TenantIdPipe, ZodPipe } from '@looma-hub/platform';
import type { Kafka } from 'kafkajs';
import { CatalogBackground } from '../feed/catalog-background';
import { LoomaChannels, type LoomaChannelView } from './looma-channel.service';

/**
 * A tenant's Looma channel: the workspaces its catalog is offered to, in Looma's product message shape, on
 * `looma.<tenantId>.products.v1` and as the `looma.product.changed` webhook event. Setting it offers the whole
 * catalog once (a snapshot), then every change.
 */
@Controller('internal/tenants/:tenantId/channels/looma')
@UseGuards(InternalApiGuard)
export class LoomaChannelController {
  private readonly logger = new Logger(LoomaChannelController.name);

  constructor(
    private readonly channels: LoomaChannels,
    private readonly background: CatalogBackground,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  @Put()
  async put(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body(new ZodPipe(LoomaChannelSettingsSchema)) body: LoomaChannelSettings,
  ): Promise<LoomaChannelView & { snapshot: 'started' }> {
    // The producers do not create topics: the tenant's Looma topic exists before anything is published to it.
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [loomaProductsTopic(tenantId)]);
    } finally {
      await admin.disconnect();
    }
    const view = await this.channels.put(tenantId, body, loomaProductsTopic(tenantId));
    // The snapshot streams the catalog in pages in the background; the answer does not wait for a million products.
    void this.background.looma
      ?.offerCatalog(tenantId, view.updatedAt)
      .then((offered) => this.logger.log({ tenantId, offered }, 'catalog offered to the Looma channel'))
      .catch((err: unknown) => this.logger.warn({ err, tenantId }, 'Looma catalog snapshot failed; changes still flow'));
    return { ...view, snapshot: 'started' };
  }

  @Get()
  async get(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<LoomaChannelView> {
    const view = await this.channels.get(tenantId, loomaProductsTopic(tenantId));
    if (!view) throw new DomainError(CatalogErrors.ChannelNotFound, `tenant ${tenantId} has no Looma channel`);
    return view;
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<void> {
    await this.channels.remove(tenantId);
  }
}
