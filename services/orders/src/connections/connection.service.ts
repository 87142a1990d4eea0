import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RetailerClient, type RetailerConnectionDto } from '@looma-hub/connectors';
import {
  type ConnectionChangedV1,
  ConnectionErrors,
  type ConnectionKind,
  type ConnectionView,
  eventKey,
  type RetailerConnection,
  RetailerErrors,
  Topics,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { OutboxWriter, SecretBox } from '@looma-hub/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { PartnerConnectionEntity } from './connection.entity';

/** Which fields of each kind are secrets (sealed at rest, never shown to admins). */
const SECRET_FIELDS: Record<ConnectionKind, readonly string[]> = { retailer: ['token'] };

/**
 * The owner of every tenant's partner connections (the retailer today; credit and B2B settings join it). Other
 * services read them through the internal API (`TenantConnections` in @looma-hub/platform, cached briefly); each
 * change is one transaction that bumps the revision and announces `connection-changed` through the outbox.
 */
@Injectable()
export class ConnectionService {
  private readonly logger = new Logger(ConnectionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly outbox: OutboxWriter,
  ) {}

  async putRetailer(tenantId: string, input: RetailerConnectionDto): Promise<ConnectionView> {
    return this.put(tenantId, 'retailer', {
      settings: { baseUrl: input.baseUrl.replace(/\/+$/, ''), timeoutMs: input.timeoutMs ?? 10_000 },
      secrets: { token: input.token },
    });
  }

  /** The retailer connection with its token in clear (internal API, activities), or null. */
  async retailer(tenantId: string): Promise<RetailerConnection | null> {
    const row = await this.dataSource.getRepository(PartnerConnectionEntity).findOneBy({ tenantId, kind: 'retailer' });
    if (!row) return null;
    return {
      tenantId,
      kind: 'retailer',
      baseUrl: String(row.settings.baseUrl),
      timeoutMs: Number(row.settings.timeoutMs ?? 10_000),
      token: this.secrets.open(row.secretsSealed.token ?? ''),
      revision: row.revision,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** A client for the tenant's retailer; `retailer.not-connected` (a business outcome) when none is configured. */
  async retailerClient(tenantId: string): Promise<RetailerClient> {
    const conn = await this.retailer(tenantId);
    if (!conn) throw new DomainError(RetailerErrors.NotConnected, `tenant ${tenantId} has no retailer connection`);
    return new RetailerClient(conn);
  }

  async list(tenantId: string): Promise<ConnectionView[]> {
    const rows = await this.dataSource.getRepository(PartnerConnectionEntity).find({ where: { tenantId }, order: { kind: 'ASC' } });
    return rows.map((r) => this.view(r));
  }

  async remove(tenantId: string, kind: ConnectionKind): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [rows] = (await m.query(`DELETE FROM "orders"."partner_connection" WHERE tenant_id = $1 AND kind = $2 RETURNING kind`, [
        tenantId,
        kind,
      ])) as [{ kind: string }[], number];
      if (!rows.length) throw new DomainError(ConnectionErrors.NotFound, `tenant ${tenantId} has no ${kind} connection`);
      await this.announce(m, {
        tenantId,
        kind,
        revision: await this.nextRevision(m),
        changed: [],
        removed: true,
        occurredAt: new Date().toISOString(),
      });
    });
  }

  /** Every connection of the tenant, gone (tenant deletion). Idempotent. */
  async purgeTenant(m: EntityManager, tenantId: string): Promise<number> {
    const rows = (await m.query(`DELETE FROM "orders"."partner_connection" WHERE tenant_id = $1 RETURNING kind, revision`, [tenantId])) as [
      { kind: ConnectionKind; revision: number }[],
      number,
    ];
    for (const r of rows[0] ?? []) {
      await this.announce(m, {
        tenantId,
        kind: r.kind,
        revision: r.revision + 1,
        changed: [],
        removed: true,
        occurredAt: new Date().toISOString(),
      });
    }
    return rows[1] ?? 0;
  }

  private async put(
    tenantId: string,
    kind: ConnectionKind,
    input: { settings: Record<string, unknown>; secrets: Record<string, string> },
  ): Promise<ConnectionView> {
    return this.dataSource.transaction(async (m) => {
      // One writer per connection at a time, also when there is no row to lock yet (two first PUTs at once).
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`partner-connection:${tenantId}:${kind}`]);
      const repo = m.getRepository(PartnerConnectionEntity);
      const previous = await repo.findOneBy({ tenantId, kind });
      const changed = [
        ...Object.keys(input.settings).filter(
          (k) => !previous || JSON.stringify(previous.settings[k]) !== JSON.stringify(input.settings[k]),
        ),
        ...Object.keys(input.secrets).filter((k) => !previous || this.secrets.open(previous.secretsSealed[k] ?? '') !== input.secrets[k]),
      ];
      if (previous && !changed.length) return this.view(previous);
      const sealed = Object.fromEntries(Object.entries(input.secrets).map(([k, v]) => [k, this.secrets.seal(v)]));
      const row = repo.create({
        tenantId,
        kind,
        settings: input.settings,
        secretsSealed: sealed,
        revision: await this.nextRevision(m),
        ...(previous ? { createdAt: previous.createdAt } : {}),
      });
      const saved = await repo.save(row);
      await this.announce(m, { tenantId, kind, revision: saved.revision, changed, removed: false, occurredAt: new Date().toISOString() });
      this.logger.log({ tenantId, kind, revision: saved.revision, changed }, 'partner connection stored');
      return this.view(saved);
    });
  }

  /** The next revision of the hub-wide sequence: greater than any a reader has seen, never reused. */
  private async nextRevision(m: EntityManager): Promise<number> {
    const [row] = (await m.query(`SELECT nextval('"orders"."partner_connection_revision_seq"')::int AS n`)) as { n: number }[];
    if (row === undefined) throw new Error('the revision sequence gave nothing');
    return row.n;
  }

  private async announce(m: EntityManager, data: ConnectionChangedV1): Promise<void> {
    await this.outbox.enqueue(m, {
      topic: Topics.connectionChanged,
      tenantId: data.tenantId,
      key: eventKey(data.tenantId, data.kind),
      subject: data.kind,
      data,
    });
  }

  private view(row: PartnerConnectionEntity): ConnectionView {
    const hints: Record<string, string> = {};
    for (const field of SECRET_FIELDS[row.kind as ConnectionKind] ?? []) {
      const sealed = row.secretsSealed[field];
      if (!sealed) continue;
      // The last four characters of a long secret help tell two apart; a short one shows nothing.
      const secret = this.secrets.open(sealed);
      hints[field] = secret.length >= 12 ? `…${secret.slice(-4)}` : '…';
    }
    return {
      tenantId: row.tenantId,
      kind: row.kind as ConnectionKind,
      settings: row.settings,
      secretHints: hints,
      revision: row.revision,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
