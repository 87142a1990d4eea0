import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RetailerClient } from '@looma-hub/connectors';
import { type RetailerConnectionInput, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { SecretBox } from '@looma-hub/platform';
import { Repository } from 'typeorm';
import { RetailerConnectionEntity } from './retailer-connection.entity';

export interface RetailerConnectionView {
  tenantId: string;
  baseUrl: string;
  timeoutMs: number;
}

@Injectable()
export class RetailerConnectionService {
  constructor(
    @InjectRepository(RetailerConnectionEntity) private readonly repo: Repository<RetailerConnectionEntity>,
    private readonly secrets: SecretBox,
  ) {}

  async upsert(tenantId: string, input: RetailerConnectionInput): Promise<RetailerConnectionView> {
    const row = this.repo.create({
      tenantId,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      tokenSealed: this.secrets.seal(input.token),
      timeoutMs: input.timeoutMs ?? 10_000,
    });
    await this.repo.upsert(row, ['tenantId']);
    return { tenantId, baseUrl: row.baseUrl, timeoutMs: row.timeoutMs };
  }

  async isConnected(tenantId: string): Promise<boolean> {
    return this.repo.existsBy({ tenantId });
  }

  /** A client for the tenant's retailer; 422 problem `retailer.not-connected` when none is configured. */
  async clientFor(tenantId: string): Promise<RetailerClient> {
    const row = await this.repo.findOneBy({ tenantId });
    if (!row) throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    return new RetailerClient({ baseUrl: row.baseUrl, token: this.secrets.open(row.tokenSealed), timeoutMs: row.timeoutMs });
  }
}
