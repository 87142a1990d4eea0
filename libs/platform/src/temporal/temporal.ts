import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Logger as TemporalLogger, LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';
import { bundleWorkflowCode, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { rootLogger } from '../logging/logger';

export interface TemporalConnectionOptions {
  address: string;
  namespace: string;
}

/** Connects lazily: a process (or CLI) that never calls Temporal never needs it up. */
export function createTemporalClient(opts: TemporalConnectionOptions): Client {
  const connection = Connection.lazy({ address: opts.address, connectTimeout: '5s' });
  return new Client({ connection, namespace: opts.namespace });
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const LIBS = ['contracts', 'domain', 'platform', 'connectors', 'testing'];

/**
 * Temporal's webpack bundler does not read tsconfig paths: map `@looma-hub/*` to the libs' sources so
 * workflow code can import contracts and domain. (Lint keeps workflows away from the I/O libs.)
 */
export function workflowBundlerAliases(): Record<string, string> {
  return Object.fromEntries(LIBS.map((l) => [`@looma-hub/${l}`, path.join(repoRoot, 'libs', l, 'src', 'index.ts')]));
}

export async function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    logger: temporalLogger('temporal-bundler', 'WARN'),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...workflowBundlerAliases() } };
      return config;
    },
  });
}

const order: TemporalLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Routes the Temporal SDK's (and workflows' `log`) lines into our JSON logger. */
export function temporalLogger(component: string, min: TemporalLogLevel = 'INFO'): TemporalLogger {
  const log = rootLogger().child({ component });
  const emit = (level: TemporalLogLevel, message: string, meta?: LogMetadata) => {
    if (order.indexOf(level) < order.indexOf(min)) return;
    const fields = { ...(meta ?? {}) } as Record<string, unknown>;
    const map = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
    log[map[level]](fields, message);
  };
  return {
    log: emit,
    trace: (m, meta) => emit('TRACE', m, meta),
    debug: (m, meta) => emit('DEBUG', m, meta),
    info: (m, meta) => emit('INFO', m, meta),
    warn: (m, meta) => emit('WARN', m, meta),
    error: (m, meta) => emit('ERROR', m, meta),
  };
}

let runtimeInstalled = false;
export function installTemporalRuntime(level: TemporalLogLevel = 'INFO'): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: temporalLogger('temporal', level) });
  } catch {
    // Already installed (e.g. by the test environment): keep it.
  }
}
