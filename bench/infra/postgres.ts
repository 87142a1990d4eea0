/** PostgreSQL bulk load: COPY FROM STDIN of realistic ~200-byte rows into a normal (logged) table with a primary key. */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startCpuMeter } from '../lib/cpu';
import { secondsSince, withTimeout } from '../lib/timing';
import { type BenchContext, type Figure } from '../lib/types';

export interface PgSettings {
  rows: number;
  rowsPerChunk: number;
  timeoutSeconds: number;
}

const statuses = ['pending', 'reserved', 'registered', 'completed', 'cancelled'];
const products = ['Camiseta básica algodão', 'Calça jeans slim', 'Tênis de corrida leve', 'Jaqueta corta-vento', 'Vestido midi estampado'];

/** One order-line event in COPY text format; fields only use characters that need no escaping. */
function row(id: number): string {
  const tenant = `tenant-${String(id % 17).padStart(4, '0')}`;
  const orderId = crypto.randomUUID();
  const sku = `SKU-${String((id * 7919) % 1_000_000).padStart(7, '0')}-${['P', 'M', 'G', 'GG'][id % 4] ?? 'M'}`;
  const product = products[id % products.length] ?? 'Produto';
  const quantity = 1 + (id % 5);
  const unitPrice = 1990 + ((id * 37) % 50_000);
  const discount = id % 3 === 0 ? Math.floor(unitPrice / 10) : 0;
  const status = statuses[id % statuses.length] ?? 'pending';
  const customer = `+55119${String(10_000_000 + ((id * 104_729) % 89_999_999)).slice(0, 8)}`;
  const store = `store-${String(id % 211).padStart(4, '0')}`;
  const attributes = `cor=${['azul-marinho', 'preto', 'off-white'][id % 3] ?? 'preto'};tam=${['P', 'M', 'G'][id % 3] ?? 'M'};colecao=verao-2026`;
  const createdAt = new Date(1_767_225_600_000 + id * 1000).toISOString();
  return (
    [id, tenant, store, orderId, sku, product, attributes, quantity, unitPrice, discount, status, customer, createdAt].join('\t') + '\n'
  );
}

export async function benchPostgres(
  ctx: BenchContext,
  settings: PgSettings,
): Promise<{ figures: Figure[]; facts: Record<string, unknown> }> {
  const databaseUrl = ctx.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL missing from infra.sh env');
  const schema = `bench_${ctx.runId}`;
  const table = `${schema}.order_line_event`;
  const client = new Client({ connectionString: databaseUrl, application_name: `looma-bench-${ctx.runId}` });
  await client.connect();
  const backendPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
  let finished = false;
  try {
    const show = async (name: string) => (await client.query<{ v: string }>(`select current_setting($1) as v`, [name])).rows[0]?.v;
    const facts: Record<string, unknown> = {
      serverVersion: await show('server_version'),
      fsync: await show('fsync'),
      synchronousCommit: await show('synchronous_commit'),
      sharedBuffers: await show('shared_buffers'),
      walLevel: await show('wal_level'),
      table: 'logged table with bigint primary key, 13 columns (text, uuid, int, bigint, timestamptz)',
    };
    await client.query(`create schema ${schema}`);
    await client.query(`
      create table ${table} (
        id bigint primary key,
        tenant_id text not null,
        store_id text not null,
        order_id uuid not null,
        sku text not null,
        product_name text not null,
        attributes text not null,
        quantity int not null,
        unit_price_cents bigint not null,
        discount_cents bigint not null,
        status text not null,
        customer_phone text not null,
        created_at timestamptz not null
      )`);

    // Rows are generated before the clock starts: the figure is the database's, not the generator's.
    const chunks: string[] = [];
    let bytes = 0;
    for (let start = 1; start <= settings.rows; start += settings.rowsPerChunk) {
      let chunk = '';
      for (let id = start; id < Math.min(start + settings.rowsPerChunk, settings.rows + 1); id++) chunk += row(id);
      bytes += Buffer.byteLength(chunk);
      chunks.push(chunk);
    }
    ctx.log(
      `postgres: COPY ${settings.rows.toLocaleString('en-US')} rows (${(bytes / settings.rows).toFixed(0)} bytes each) into ${table}`,
    );

    const meter = startCpuMeter();
    const t0 = process.hrtime.bigint();
    await withTimeout(
      'postgres COPY',
      settings.timeoutSeconds,
      pipeline(Readable.from(chunks), client.query(copyFrom(`copy ${table} from stdin`))),
    );
    const seconds = secondsSince(t0);
    const cpu = meter.stop();

    const count = Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n);
    if (count !== settings.rows) throw new Error(`postgres: expected ${settings.rows} rows after COPY, found ${count}`);
    const size = (await client.query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('${table}')) as s`)).rows[0]?.s;
    facts.avgRowBytes = Math.round(bytes / settings.rows);
    facts.tableSizeAfter = size;
    finished = true;

    const detail = `${settings.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s, one COPY, commit included`;
    return {
      facts,
      figures: [
        { key: 'pg.copy.rowsPerSec', label: 'PostgreSQL COPY insert', value: settings.rows / seconds, unit: 'rows/s', detail, cpu },
        {
          key: 'pg.copy.MBPerSec',
          label: 'PostgreSQL COPY volume',
          value: bytes / 1e6 / seconds,
          unit: 'MB/s',
          detail: `${facts.avgRowBytes} B/row text`,
        },
      ],
    };
  } finally {
    // A fresh connection cleans up: after a timeout the benchmark's own one may still be inside COPY.
    const cleanup = new Client({ connectionString: databaseUrl, application_name: `looma-bench-${ctx.runId}-cleanup` });
    try {
      await cleanup.connect();
      if (!finished && backendPid) await cleanup.query('select pg_terminate_backend($1)', [backendPid]);
      await cleanup.query(`drop schema if exists ${schema} cascade`);
    } catch (err) {
      ctx.log(`postgres: cleanup of schema ${schema} failed: ${String(err)}`);
    } finally {
      await cleanup.end().catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
