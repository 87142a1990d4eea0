import { workflowBundle } from '@looma-hub/testing';

/** The workers' workflow bundle builds from this project, resolving `@looma-hub/*`, and holds every saga and no I/O. */
describe('workflow bundle', () => {
  it('bundles every workflow with the pure libs it imports and no I/O modules', async () => {
    const bundle = await workflowBundle();
    for (const workflow of ['orderProvisioningWorkflow', 'catalogSyncWorkflow']) expect(bundle.code).toContain(workflow);
    // @looma-hub/contracts and @looma-hub/domain were resolved and inlined (failure types travel with the presets).
    expect(bundle.code).toContain('libs/contracts/src');
    expect(bundle.code).toContain('retailer.not-connected');
    for (const banned of ['typeorm', 'kafkajs', 'node_modules/pg/', '@nestjs']) expect(bundle.code).not.toContain(banned);
  }, 120_000);
});
