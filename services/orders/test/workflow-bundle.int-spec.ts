import { bundleWorkflows } from '@looma-hub/platform';

/** The workers' workflow bundle builds from the workflows project, resolving `@looma-hub/*`, and holds every saga. */
describe('workflow bundle', () => {
  it('bundles every workflow with the libs it imports and no I/O modules', async () => {
    const bundle = await bundleWorkflows(require.resolve('@looma-hub/workflows'));
    expect(bundle.code.length).toBeGreaterThan(10_000);
    expect(bundle.code).toContain('orderProvisioningWorkflow');
    // @looma-hub/contracts was resolved and inlined (the task queue constant travels with the workflow).
    expect(bundle.code).toContain('libs/contracts/src');
    for (const banned of ['typeorm', 'kafkajs', 'node_modules/pg/']) expect(bundle.code).not.toContain(banned);
  }, 120_000);
});
