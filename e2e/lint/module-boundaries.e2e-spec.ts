import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository's own lint config enforces the architecture's boundaries (STYLE.md), not just style:
 * probe files that break them are written into the projects, linted with the real CLI, and removed.
 */
describe('module boundaries (lint)', () => {
  const root = path.resolve(__dirname, '..', '..');
  const tag = `probe-${process.pid}`;
  const probes: Record<string, string> = {
    [`workflows/src/${tag}-banned.ts`]: [
      "import fs from 'node:fs';",
      "import { Injectable } from '@nestjs/common';",
      "import { DataSource } from 'typeorm';",
      "import { Kafka } from 'kafkajs';",
      "import { Client } from '@temporalio/client';",
      "import { Worker } from '@temporalio/worker';",
      "import { OutboxWriter } from '@looma-hub/platform';",
      'export const all = [fs, Injectable, DataSource, Kafka, Client, Worker, OutboxWriter];',
    ].join('\n'),
    [`workflows/src/${tag}-allowed.ts`]: [
      "import { TaskQueues } from '@looma-hub/contracts';",
      "import { cents } from '@looma-hub/domain';",
      "import { sleep } from '@temporalio/workflow';",
      'export const all = [TaskQueues, cents, sleep];',
    ].join('\n'),
    [`services/orders/src/${tag}-cross.ts`]: "import { startGateway } from '../../api-gateway/src/main';\nexport const x = startGateway;",
    // Workflow code may not use the test harness; the workflow tests beside it may.
    [`workflows/src/${tag}-harness.ts`]: "import { workflowBundle } from '@looma-hub/testing';\nexport const x = workflowBundle;",
    [`workflows/src/${tag}-harness.spec.ts`]: [
      "import { workflowBundle } from '@looma-hub/testing';",
      "import { TestWorkflowEnvironment } from '@temporalio/testing';",
      'export const x = [workflowBundle, TestWorkflowEnvironment];',
    ].join('\n'),
  };
  let byFile: Map<string, string[]>;

  beforeAll(() => {
    for (const [file, code] of Object.entries(probes)) fs.writeFileSync(path.join(root, file), `${code}\n`);
    try {
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...Object.keys(probes)],
        {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string; line: number }[] }[];
      byFile = new Map(results.map((x) => [path.relative(root, x.filePath), x.messages.map((m) => `${m.line} ${m.ruleId}: ${m.message}`)]));
    } finally {
      for (const file of Object.keys(probes)) fs.rmSync(path.join(root, file), { force: true });
    }
  }, 120_000);

  const boundary = (msgs: string[]) => msgs.filter((m) => / (@nx\/enforce-module-boundaries|no-restricted-imports): /.test(m));

  it('keeps workflow code free of Node built-ins, Nest, TypeORM, kafkajs, the Temporal client/worker and I/O libs: each import refused by its rule', () => {
    const io = (line: number, pkg: string) => [
      `${line} @nx/enforce-module-boundaries: A project tagged with "type:workflow" is not allowed to import "${pkg}"`,
      `${line} no-restricted-imports: '${pkg}' import is restricted from being used by a pattern. Workflow and pure-lib code may not do I/O.`,
    ];
    expect(boundary(byFile.get(`workflows/src/${tag}-banned.ts`) ?? [])).toEqual([
      "1 no-restricted-imports: 'node:fs' import is restricted from being used. Workflow and pure-lib code may not use Node built-ins.",
      ...io(2, '@nestjs/common'),
      ...io(3, 'typeorm'),
      ...io(4, 'kafkajs'),
      ...io(5, '@temporalio/client'),
      ...io(6, '@temporalio/worker'),
      '7 @nx/enforce-module-boundaries: A project tagged with "type:workflow" can only depend on libs tagged with "kind:pure"',
    ]);
  });

  it('lets workflow code use contracts, domain and @temporalio/workflow', () => {
    expect(byFile.has(`workflows/src/${tag}-allowed.ts`)).toBe(true);
    expect(boundary(byFile.get(`workflows/src/${tag}-allowed.ts`) ?? [])).toEqual([]);
  });

  it('keeps the test harness out of workflow code but lets the workflow tests beside it use it', () => {
    expect(boundary(byFile.get(`workflows/src/${tag}-harness.ts`) ?? [])).toEqual([
      '1 @nx/enforce-module-boundaries: A project tagged with "type:workflow" can only depend on libs tagged with "kind:pure"',
    ]);
    expect(byFile.has(`workflows/src/${tag}-harness.spec.ts`)).toBe(true);
    expect(boundary(byFile.get(`workflows/src/${tag}-harness.spec.ts`) ?? [])).toEqual([]);
  });

  it('keeps services from importing each other', () => {
    expect(boundary(byFile.get(`services/orders/src/${tag}-cross.ts`) ?? [])).toEqual([
      '1 @nx/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path, and must begin with a npm scope',
    ]);
  });
});
