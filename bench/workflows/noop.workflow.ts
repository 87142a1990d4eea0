/**
 * The smallest workflow Temporal can run: no activities, no timers. Starting and completing it measures the
 * server's own cost per workflow (history writes, task dispatch), which is the ceiling for every saga.
 */
export async function benchNoopWorkflow(): Promise<void> {
  // Nothing to do: the benchmark measures start → first workflow task → completion.
}
