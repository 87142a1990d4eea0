import { Inject, Injectable, Logger } from '@nestjs/common';
import { CATALOG_SYNC_WORKFLOW, type CatalogSyncInput, SearchAttributes, WorkflowIds } from '@looma-hub/contracts';
import { callTemporal, TEMPORAL_CLIENT, terminateTenantWorkflows } from '@looma-hub/platform';
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type Workflow } from '@temporalio/common';
import { CATALOG_CONFIG, type CatalogConfig } from '../config';

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

/** The Temporal side of catalog sync as the HTTP process drives it: per-tenant schedules and on-demand runs. */
@Injectable()
export class CatalogSyncScheduler {
  private readonly logger = new Logger(CatalogSyncScheduler.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CATALOG_CONFIG) private readonly config: Pick<CatalogConfig, 'CATALOG_SYNC_INTERVAL_MINUTES' | 'CATALOG_TASK_QUEUE'>,
  ) {}

  /**
   * Creates the tenant's schedule, or brings an existing one to the current definition (keeping a pause set by
   * ops). Incremental sync every CATALOG_SYNC_INTERVAL_MINUTES; a run still going when the next is due makes
   * the next one skip (overlap SKIP).
   */
  async ensureSchedule(tenantId: string): Promise<{ scheduleId: string; created: boolean }> {
    const scheduleId = catalogScheduleId(tenantId);
    const spec = { intervals: [{ every: `${this.config.CATALOG_SYNC_INTERVAL_MINUTES}m` }], jitter: '30s' };
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
      this.logger.log({ tenantId, scheduleId }, 'catalog sync schedule created');
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

  /** Temporal unreachable → `temporal.unavailable` (a 503 the caller may retry: every call here is idempotent). */
  private temporal<T>(call: () => Promise<T>): Promise<T> {
    return callTemporal(this.client, call);
  }
}
