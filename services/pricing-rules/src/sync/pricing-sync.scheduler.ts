import { Inject, Injectable, Logger } from '@nestjs/common';
import { PRICING_SYNC_WORKFLOW, type PricingSyncInput, type PricingSyncResult, SearchAttributes, WorkflowIds } from '@looma-hub/contracts';
import { callTemporal, TEMPORAL_CLIENT, terminateTenantWorkflows } from '@looma-hub/platform';
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
  WorkflowIdConflictPolicy,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type Workflow } from '@temporalio/common';
import { PRICING_CONFIG, type ServiceConfig } from '../config';
import { EligibilityService } from '../quote/eligibility.service';

const tenantKey = defineSearchAttributeKey(SearchAttributes.tenantId, SearchAttributeType.KEYWORD);

export interface PricingScheduleView {
  scheduleId: string;
  exists: boolean;
  intervalMinutes: number;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
}

/** The rule sync's Temporal side: one Schedule per connected tenant (`pricing-sync-<tenant>`), and on-demand pulls. */
@Injectable()
export class PricingSyncScheduler {
  private readonly logger = new Logger(PricingSyncScheduler.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PRICING_CONFIG) private readonly config: Pick<ServiceConfig, 'PRICING_SYNC_INTERVAL_MINUTES' | 'PRICING_TASK_QUEUE'>,
    private readonly settings: EligibilityService,
  ) {}

  async ensureSchedule(tenantId: string): Promise<void> {
    const scheduleId = WorkflowIds.pricingSync(tenantId);
    const interval = (await this.settings.settings(tenantId)).syncIntervalMinutes ?? this.config.PRICING_SYNC_INTERVAL_MINUTES;
    const spec = { intervals: [{ every: `${interval}m` }], jitter: interval > 1 ? '30s' : '5s' };
    const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
      type: 'startWorkflow',
      workflowType: PRICING_SYNC_WORKFLOW,
      args: [{ tenantId, mode: 'incremental' } satisfies PricingSyncInput],
      taskQueue: this.config.PRICING_TASK_QUEUE,
      workflowId: `${scheduleId}-scheduled`,
      typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
    };
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' };
    try {
      await callTemporal(this.client, () =>
        this.client.schedule.create({
          scheduleId,
          spec,
          action,
          policies,
          typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
          state: { note: `incremental pricing-rule pull of tenant ${tenantId} (pricing-rules service)` },
        }),
      );
      this.logger.log({ tenantId, scheduleId, intervalMinutes: interval }, 'pricing sync schedule created');
      return;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    await callTemporal(this.client, () =>
      this.client.schedule.getHandle(scheduleId).update((previous) => ({ spec, action, policies, state: previous.state })),
    );
  }

  /** Pull now. A pull of the same mode already running is joined, not doubled. */
  async startSync(tenantId: string, mode: PricingSyncInput['mode']): Promise<{ workflowId: string; runId: string }> {
    const workflowId = `${WorkflowIds.pricingSync(tenantId)}-${mode}`;
    const handle = await callTemporal(this.client, () =>
      this.client.workflow.start(PRICING_SYNC_WORKFLOW, {
        taskQueue: this.config.PRICING_TASK_QUEUE,
        workflowId,
        args: [{ tenantId, mode } satisfies PricingSyncInput],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [{ key: tenantKey, value: tenantId }],
      }),
    );
    return { workflowId, runId: handle.firstExecutionRunId };
  }

  /** Waits for a pull to end (the CLI's and tests' `--wait`). */
  async result(workflowId: string, timeoutMs = 120_000): Promise<PricingSyncResult> {
    return callTemporal(this.client, () => this.client.workflow.getHandle(workflowId).result() as Promise<PricingSyncResult>, timeoutMs);
  }

  async describe(tenantId: string): Promise<PricingScheduleView> {
    const scheduleId = WorkflowIds.pricingSync(tenantId);
    try {
      const d = await callTemporal(this.client, () => this.client.schedule.getHandle(scheduleId).describe());
      const every = d.spec.intervals?.[0]?.every;
      return {
        scheduleId,
        exists: true,
        intervalMinutes: typeof every === 'number' ? Math.round(every / 60_000) : this.config.PRICING_SYNC_INTERVAL_MINUTES,
        paused: d.state.paused,
        nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
        lastRunAt: d.info.recentActions.at(-1)?.takenAt.toISOString() ?? null,
      };
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      return {
        scheduleId,
        exists: false,
        intervalMinutes: this.config.PRICING_SYNC_INTERVAL_MINUTES,
        paused: false,
        nextRunAt: null,
        lastRunAt: null,
      };
    }
  }

  /** Tenant deletion or a removed connection: no schedule, no pull running. */
  async purgeTenant(tenantId: string): Promise<void> {
    try {
      await callTemporal(this.client, () => this.client.schedule.getHandle(WorkflowIds.pricingSync(tenantId)).delete());
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    await terminateTenantWorkflows(this.client, tenantId, 'tenant deleted or disconnected', { workflowType: PRICING_SYNC_WORKFLOW });
  }
}
