import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RetailerClient } from '@looma-hub/connectors';
import { type RetailerConnectionInput, RetailerErrors } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { SecretBox } from '@looma-hub/platform';
import { Repository } from 'typeorm';
import { RetailerConnectionEntity } from './retailer-connection.entity';

@Injectable()
export class RetailerConnectionService {
  constructor(
    @InjectRepository(RetailerConnectionEntity) private readonly repo: Repository<RetailerConnectionEntity>,
    private readonly secrets: SecretBox,
  ) {}

  async upsert(tenantId: string, input: RetailerConnectionInput): Promise<{ tenantId: string; baseUrl: string; timeoutMs: number }> {
    const row = this.repo.create({
      tenantId,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      tokenSealed: this.secrets.seal(input.token),
      timeoutMs: input.timeoutMs ?? 10_000,
    });
    await this.repo.upsert(row, ['tenantId']);
    return { tenantId, baseUrl: row.baseUrl, timeoutMs: row.timeoutMs };
  }

  async clientFor(tenantId: string): Promise<RetailerClient> {
    const row = await this.repo.findOneBy({ tenantId });
    if (!row) throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    return new RetailerClient({ baseUrl: row.baseUrl, token: this.secrets.open(row.tokenSealed), timeoutMs: row.timeoutMs });
  }
}
