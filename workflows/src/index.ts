// Every workflow the workers bundle. Workflow code: deterministic, no I/O (lint enforces it).
export { orderProvisioningWorkflow } from './order-provisioning/order-provisioning.workflow';
export { catalogSyncWorkflow } from './catalog-sync/catalog-sync.workflow';
export { pricingRulesSyncWorkflow } from './pricing-sync/pricing-sync.workflow';
