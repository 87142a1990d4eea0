import { SearchAttributes } from '@looma-hub/contracts';
import type { Client } from '@temporalio/client';
import { callTemporal } from './failures';

/**
 * Ends every running workflow of a tenant in this client's namespace (found by the `LoomaTenantId` search
 * attribute): part of deleting a tenant, so no saga keeps calling partners for a tenant that is gone. Idempotent.
 */
export async function terminateTenantWorkflows(
  client: Client,
  tenantId: string,
  reason: string,
  opts: { workflowType?: string } = {},
): Promise<number> {
  // `workflowType` limits it to one service's workflows (a removed retailer connection must not end order sagas).
  const type = opts.workflowType ? ` AND WorkflowType = '${opts.workflowType.replace(/'/g, "\\'")}'` : '';
  const query = `${SearchAttributes.tenantId} = '${tenantId.replace(/'/g, "\\'")}'${type} AND ExecutionStatus = 'Running'`;
  let terminated = 0;
  await callTemporal(client, async () => {
    for await (const wf of client.workflow.list({ query })) {
      await client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .terminate(reason)
        .then(
          () => terminated++,
          () => undefined, // finished meanwhile
        );
    }
  });
  return terminated;
}
