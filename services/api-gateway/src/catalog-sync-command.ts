import { SingleBar } from 'cli-progress';
import type { CatalogSyncProgress } from '@looma-hub/contracts';
import { InternalClient } from '@looma-hub/platform';
import type { GatewayConfig } from './config';

interface StartedSync {
  workflowId: string;
  runId: string;
  mode: 'full' | 'incremental';
}
interface SyncRun {
  workflowId: string;
  status: string;
  progress: CatalogSyncProgress | null;
  failure: string | null;
}
interface CatalogStatus {
  products: { total: number; active: number };
}

export interface CatalogSyncCommand {
  tenant: string;
  full: boolean;
  wait: boolean;
  /** How often the progress is polled. */
  intervalMs?: number;
  out?: NodeJS.WriteStream;
}

/**
 * `npm run hub -- catalog:sync --tenant X [--full] [--wait]`: starts a sync through catalog-sync's internal API and,
 * with --wait, draws its progress (the workflow's `progress` query) until it ends, then prints the counts. The
 * retailer's API gives no total, so the bar's 100% is the catalog's current size (a first sync shows counts only).
 * Exits non-zero when the sync did not complete.
 */
export async function catalogSync(
  config: Pick<GatewayConfig, 'CATALOG_URL' | 'INTERNAL_API_TOKEN'>,
  cmd: CatalogSyncCommand,
): Promise<number> {
  const out = cmd.out ?? process.stdout;
  const catalog = new InternalClient('catalog', config.CATALOG_URL, config.INTERNAL_API_TOKEN);
  const base = `/internal/tenants/${encodeURIComponent(cmd.tenant)}`;
  const before = await catalog.get<CatalogStatus>(`${base}/catalog`);
  const started = await catalog.post<StartedSync>(`${base}/sync`, { mode: cmd.full ? 'full' : 'incremental' });
  out.write(`${started.mode} sync of ${cmd.tenant} started: workflow ${started.workflowId}\n`);
  if (!cmd.wait) return 0;

  const estimate = before.products.total;
  const bar = new SingleBar({
    stream: out,
    format:
      estimate > 0
        ? ' {bar} {percentage}% | {value}/{total} products | {pages} pages | {changed} changed | {rejected} rejected | {elapsed}s'
        : ' {value} products | {pages} pages | {changed} changed | {rejected} rejected | {elapsed}s',
    barsize: 30,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  });
  bar.start(Math.max(estimate, 1), 0, { pages: 0, changed: 0, rejected: 0, elapsed: 0 });
  let run: SyncRun;
  for (;;) {
    run = await catalog.get<SyncRun>(`${base}/sync/runs/${encodeURIComponent(started.workflowId)}`);
    const p = run.progress;
    if (p) {
      if (p.seen > bar.getTotal()) bar.setTotal(p.seen);
      bar.update(p.seen, { pages: p.pages, changed: p.changed, rejected: p.rejected, elapsed: Math.round(p.elapsedMs / 1000) });
    }
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, cmd.intervalMs ?? 500));
  }
  // Done: the products seen are the whole catalog, whatever the estimate was.
  if (run.status === 'completed' && run.progress) {
    bar.setTotal(Math.max(run.progress.seen, 1));
    bar.update(run.progress.seen);
  }
  bar.stop();
  const p = run.progress;
  if (p) {
    out.write(
      `${run.status}: ${p.seen} products seen in ${p.pages} pages, ${p.changed} changed, ${p.rejected} rejected (quarantined), ` +
        `${p.deactivated} deactivated, ${(p.elapsedMs / 1000).toFixed(1)} s\n`,
    );
  } else out.write(`${run.status}\n`);
  if (run.failure) out.write(`failure: ${run.failure}\n`);
  return run.status === 'completed' ? 0 : 1;
}
