/**
 * `npm test`: start the infrastructure if it is not running, then lint, type-check and run the unit,
 * integration and end-to-end tests of every project. Ends with one line `N passed, N failed` summed over
 * every project (jest tests plus one check per lint/type-check task), and exits non-zero on any failure.
 *
 *   npm test                    everything
 *   npm test -- --only=unit     one phase: static | unit | int | e2e (comma-separated)
 *   npm test -- --projects=orders,platform   limit jest and static checks to some projects
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { infra, infraEnv, infraUp, repoRoot } from '@looma-hub/testing';

interface PhaseResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  ok: boolean;
}

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k ?? '', v ?? 'true'] as const;
  }),
);
const only = args.get('only')?.split(',');
const projects = args.get('projects')?.split(',');
const wants = (phase: string) => !only || only.includes(phase);
const tmpDir = path.join(repoRoot, 'tmp', 'test-results');

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv): number {
  const r = spawnSync(cmd, argv, { cwd: repoRoot, stdio: 'inherit', env });
  return r.status ?? 1;
}

function staticChecks(env: NodeJS.ProcessEnv): PhaseResult {
  const started = Date.now();
  const argv = ['nx', 'run-many', '-t', 'lint', 'typecheck', '--parallel=2', '--outputStyle=static'];
  if (projects) argv.push(`--projects=${projects.join(',')}`);
  const r = spawnSync('npx', argv, { cwd: repoRoot, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  // One check per project per target; Nx names the failed ones as "- <project>:<target>".
  const ran = new Set(output.match(/nx run [\w-]+:(lint|typecheck)/g) ?? []);
  const failedSection = output.split(/Failed tasks:/)[1] ?? '';
  const failed = new Set(failedSection.match(/- [\w-]+:(lint|typecheck)/g) ?? []).size;
  const ok = r.status === 0;
  return {
    name: 'lint + typecheck',
    passed: Math.max(ran.size - failed, 0),
    failed: ok ? 0 : Math.max(failed, 1),
    skipped: 0,
    seconds: (Date.now() - started) / 1000,
    ok,
  };
}

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
  success: boolean;
}

function jestPhase(kind: 'unit' | 'int' | 'e2e', env: NodeJS.ProcessEnv): PhaseResult {
  const started = Date.now();
  const out = path.join(tmpDir, `jest-${kind}.json`);
  fs.rmSync(out, { force: true });
  const argv = ['jest', '-c', 'jest.config.cjs', '--ci', '--json', `--outputFile=${out}`, '--passWithNoTests'];
  if (kind === 'unit') argv.push('--maxWorkers=2');
  else argv.push('--runInBand');
  if (projects) argv.push('--selectProjects', ...projects.map((p) => projectDisplayName(p)));
  const status = run('npx', argv, { ...env, LOOMA_TEST_KIND: kind });
  let passed = 0;
  let failed = status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
    passed = r.numPassedTests;
    skipped = r.numPendingTests + r.numTodoTests;
    // A suite that fails to load has no failed *tests*: count it so the line never reads "0 failed" wrongly.
    failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    if (status !== 0 && failed === 0) failed = 1;
  }
  return { name: `jest ${kind}`, passed, failed, skipped, seconds: (Date.now() - started) / 1000, ok: status === 0 };
}

function projectDisplayName(p: string): string {
  for (const dir of ['libs', 'services']) {
    if (fs.existsSync(path.join(repoRoot, dir, p))) return `${dir}/${p}`;
  }
  return p;
}

async function main(): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const results: PhaseResult[] = [];
  const needInfra = wants('int') || wants('e2e');
  if (needInfra) {
    await infraUp();
    infra('test-tools');
  }
  const env = { ...process.env, ...(await infraEnv({ test: true })) };

  if (wants('static')) results.push(staticChecks(env));
  if (wants('unit')) results.push(jestPhase('unit', env));
  if (wants('int')) results.push(jestPhase('int', env));
  if (wants('e2e')) results.push(jestPhase('e2e', env));

  const total = results.reduce(
    (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log('\n──────── Looma Hub test summary ────────');
  for (const r of results) {
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(18)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed` +
        `${r.skipped ? ` ${r.skipped} skipped` : ''}  (${r.seconds.toFixed(1)}s)`,
    );
  }
  const allOk = results.every((r) => r.ok) && total.failed === 0;
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(allOk ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
