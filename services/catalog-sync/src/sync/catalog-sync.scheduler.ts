import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CATALOG_SYNC_PROGRESS_QUERY,
  CATALOG_SYNC_WORKFLOW,
  CatalogErrors,
  type CatalogSyncInput,
  type CatalogSyncProgress,
  SearchAttributes,
  WorkflowIds,
} from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { callTemporal, TEMPORAL_CLIENT, terminateTenantWorkflows } from '@looma-hub/platform';
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type Workflow } from '@temporalio/common';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';
import { SyncStateService } from './sync-state.service';

const tenantKey = defineSearchAttributeKey(SearchAttributes.tenantId, SearchAttributeType.KEYWORD);

/** `catalog-sync-<tenantId>`: one schedule per tenant running incremental syncs. */
export function catalogScheduleId(tenantId: string): string {
  return WorkflowIds.catalogSync(tenantId);
}

/**
 * On-demand syncs use a fixed id per tenant and mode, `catalog-sync-<tenantId>-full` / `-incremental`, started
 * with conflict policy USE_EXISTING: asking again while one runs (a retried PUT, a double click) joins the
 * running sync instead of starting a second; once it has finished, the next request starts a new run.
 */
export function onDemandSyncWorkflowId(tenantId: string, mode: CatalogSyncInput['mode']): string {
  return `${WorkflowIds.catalogSync(tenantId)}-${mode}`;
}

/** Scheduled runs: Temporal appends the scheduled time, e.g. `catalog-sync-<tenantId>-scheduled-2026-03-01T10:15:00Z`. */
export function scheduledSyncWorkflowIdPrefix(tenantId: string): string {
  return `${WorkflowIds.catalogSync(tenantId)}-scheduled`;
}

export interface StartedSync {
  workflowId: string;
  runId: string;
  mode: CatalogSyncInput['mode'];
}

export interface ScheduleView {
  scheduleId: string;
  exists: boolean;
  intervalMinutes: number;
  paused: boolean;
  note: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
}

/** A sync as Temporal knows it, with its progress (the workflow's `progress` query). */
export interface SyncRunView {
  workflowId: string;
  runId: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued';
  progress: CatalogSyncProgress | null;
  failure: string | null;
}

/** The Temporal side of catalog sync as the HTTP process drives it: per-tenant schedules, on-demand runs, progress. */
@Injectable()
export class CatalogSyncScheduler {
  private readonly logger = new Logger(CatalogSyncScheduler.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_SYNC_INTERVAL_MINUTES' | 'CATALOG_TASK_QUEUE'>,
    private readonly state: SyncStateService,
  ) {}

  /**
   * Creates the tenant's schedule, or brings an existing one to the current definition (keeping a pause set by
   * ops). Incremental sync every `interval` minutes (the tenant's own, or CATALOG_SYNC_INTERVAL_MINUTES); a run still
   * going when the next is due makes the next one skip (overlap SKIP).
   */
  async ensureSchedule(tenantId: string): Promise<{ scheduleId: string; created: boolean }> {
    const scheduleId = catalogScheduleId(tenantId);
    const interval = await this.intervalOf(tenantId);
    const spec = { intervals: [{ every: `${interval}m` }], jitter: interval > 1 ? '30s' : '5s' };
    const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
      type: 'startWorkflow',
      workflowType: CATALOG_SYNC_WORKFLOW,
      args: [{ tenantId, mode: 'incremental' } satisfies CatalogSyncInput],
      taskQueue: this.config.CATALOG_TASK_QUEUE,
      workflowId: scheduledSyncWorkflowIdPrefix(tenantId),
      typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
    };
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' };
    const note = `incremental catalog sync of tenant ${tenantId} (catalog-sync service)`;
    try {
      await this.temporal(() =>
        this.client.schedule.create({
          scheduleId,
          spec,
          action,
          policies,
          typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
          state: { note },
        }),
      );
      this.logger.log({ tenantId, scheduleId, intervalMinutes: interval }, 'catalog sync schedule created');
      return { scheduleId, created: true };
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    await this.temporal(() =>
      this.client.schedule.getHandle(scheduleId).update((previous) => ({
        spec,
        action,
        policies,
        state: { paused: previous.state.paused, note: previous.state.note ?? note },
      })),
    );
    return { scheduleId, created: false };
  }

  /** The tenant's own interval (null: back to the default), applied to its schedule at once. */
  async setInterval(tenantId: string, minutes: number | null): Promise<ScheduleView> {
    await this.state.setInterval(tenantId, minutes);
    // A tenant not connected yet keeps the interval for the schedule its connection will create.
    if ((await this.describeSchedule(tenantId)).exists) await this.ensureSchedule(tenantId);
    return this.describeSchedule(tenantId);
  }

  async pause(tenantId: string, reason: string): Promise<ScheduleView> {
    await this.onSchedule(tenantId, () => this.handle(tenantId).pause(`paused: ${reason}`));
    return this.describeSchedule(tenantId);
  }

  async resume(tenantId: string): Promise<ScheduleView> {
    await this.onSchedule(tenantId, () => this.handle(tenantId).unpause('resumed through the admin API'));
    return this.describeSchedule(tenantId);
  }

  /** "Sync now": the schedule's incremental sync, at once (skipped if one is running, as scheduled runs are). */
  async trigger(tenantId: string): Promise<ScheduleView> {
    await this.onSchedule(tenantId, () => this.handle(tenantId).trigger(ScheduleOverlapPolicy.SKIP));
    return this.describeSchedule(tenantId);
  }

  async describeSchedule(tenantId: string): Promise<ScheduleView> {
    const scheduleId = catalogScheduleId(tenantId);
    const intervalMinutes = await this.intervalOf(tenantId);
    try {
      const d = await this.temporal(() => this.client.schedule.getHandle(scheduleId).describe());
      const recent = d.info.recentActions[d.info.recentActions.length - 1];
      return {
        scheduleId,
        exists: true,
        intervalMinutes,
        paused: d.state.paused,
        note: d.state.note ?? null,
        nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
        lastRunAt: recent?.takenAt.toISOString() ?? null,
      };
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      return { scheduleId, exists: false, intervalMinutes, paused: false, note: null, nextRunAt: null, lastRunAt: null };
    }
  }

  /**
   * `connectionRevision`: the sync is for a new revision of the retailer connection (a new base URL): it reads with
   * at least that revision, and a sync of the same mode still running on the old one is replaced, not joined.
   */
  async startSync(tenantId: string, mode: CatalogSyncInput['mode'], opts: { connectionRevision?: number } = {}): Promise<StartedSync> {
    const workflowId = onDemandSyncWorkflowId(tenantId, mode);
    const input: CatalogSyncInput = {
      tenantId,
      mode,
      ...(opts.connectionRevision === undefined ? {} : { connectionRevision: opts.connectionRevision }),
    };
    const handle = await this.temporal(() =>
      this.client.workflow.start(CATALOG_SYNC_WORKFLOW, {
        workflowId,
        taskQueue: this.config.CATALOG_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: opts.connectionRevision === undefined ? 'USE_EXISTING' : 'TERMINATE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
      }),
    );
    return { workflowId, runId: handle.firstExecutionRunId, mode };
  }

  /** A sync's state and progress; `sync.not-found` when Temporal has no such sync of the tenant. */
  async run(tenantId: string, workflowId: string): Promise<SyncRunView> {
    if (!workflowId.startsWith(WorkflowIds.catalogSync(tenantId))) {
      throw new DomainError(CatalogErrors.SyncNotFound, `no catalog sync ${workflowId} of tenant ${tenantId}`);
    }
    const handle = this.client.workflow.getHandle(workflowId);
    try {
      const d = await this.temporal(() => handle.describe());
      const status = STATUS[d.status.name] ?? 'running';
      let progress: CatalogSyncProgress | null = null;
      let failure: string | null = null;
      if (status === 'running') progress = await this.temporal(() => handle.query<CatalogSyncProgress>(CATALOG_SYNC_PROGRESS_QUERY));
      else if (status === 'completed') progress = await this.temporal(() => handle.result() as Promise<CatalogSyncProgress>);
      else if (status === 'failed')
        failure = await handle.result().then(
          () => null,
          (err: unknown) => (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message,
        );
      return { workflowId, runId: d.runId, status, progress, failure };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError(CatalogErrors.SyncNotFound, `no catalog sync ${workflowId} of tenant ${tenantId}`);
      throw err;
    }
  }

  /** The tenant's syncs running now (on demand and scheduled), with their progress. */
  async running(tenantId: string): Promise<SyncRunView[]> {
    const out: SyncRunView[] = [];
    await this.temporal(async () => {
      const query = `WorkflowType = '${CATALOG_SYNC_WORKFLOW}' AND ${SearchAttributes.tenantId} = '${tenantId.replace(/'/g, '')}' AND ExecutionStatus = 'Running'`;
      for await (const wf of this.client.workflow.list({ query, pageSize: 20 })) {
        out.push(
          await this.run(tenantId, wf.workflowId).catch(() => ({
            workflowId: wf.workflowId,
            runId: wf.runId,
            status: 'running' as const,
            progress: null,
            failure: null,
          })),
        );
        if (out.length >= 20) break;
      }
    });
    return out;
  }

  /** Removes the tenant's schedule; a schedule already gone is fine. */
  async deleteSchedule(tenantId: string): Promise<void> {
    await this.temporal(() =>
      this.client.schedule
        .getHandle(catalogScheduleId(tenantId))
        .delete()
        .catch((err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        }),
    );
  }

  /** Tenant deletion, or its retailer connection gone: no schedule, no sync left running. */
  async purgeTenant(tenantId: string): Promise<{ syncsTerminated: number }> {
    await this.deleteSchedule(tenantId);
    return { syncsTerminated: await terminateTenantWorkflows(this.client, tenantId, 'tenant deleted') };
  }

  private handle(tenantId: string) {
    return this.client.schedule.getHandle(catalogScheduleId(tenantId));
  }

  private async intervalOf(tenantId: string): Promise<number> {
    return (await this.state.get(tenantId))?.intervalMinutes ?? this.config.CATALOG_SYNC_INTERVAL_MINUTES;
  }

  /** Temporal unreachable → `temporal.unavailable` (a 503 the caller may retry: every call here is idempotent). */
  private temporal<T>(call: () => Promise<T>): Promise<T> {
    return callTemporal(this.client, call);
  }

  /** A schedule call on a tenant without a schedule (no retailer connection): `catalog.sync-not-found`. */
  private async onSchedule<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.temporal(call);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      throw new DomainError(CatalogErrors.SyncNotFound, `tenant ${tenantId} has no catalog sync schedule (no retailer connection)`);
    }
  }
}

const STATUS: Record<string, SyncRunView['status']> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued',
};
