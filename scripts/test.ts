/**
 * `npm test`: start the infrastructure if it is not running, then lint, format-check and type-check every
 * project and run the unit, integration and end-to-end tests. Each phase says what it does and streams its
 * output as it comes. Ends with one line `N passed, N failed` summed over every project (jest tests plus one
 * check per lint/type-check task and one for the format check), and exits non-zero on any failure.
 *
 * Every run gets a Temporal namespace of its own (`looma-test-<epoch>-<random>`, deleted at the end), so the
 * workers of a dev stack left running on the same Temporal server never take a test's tasks.
 *
 *   npm test                                  everything
 *   npm test -- --only=unit                   some phases: static | unit | int | e2e (comma-separated)
 *   npm test -- --projects=orders,platform    limit jest and static checks to some projects
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRunNamespace, infra, infraEnv, infraUp, repoRoot, type TemporalNamespace } from '@looma-hub/testing';

interface PhaseResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  ok: boolean;
}

const PHASES = ['static', 'unit', 'int', 'e2e'] as const;
type Phase = (typeof PHASES)[number];

const { values } = parseArgs({ options: { only: { type: 'string' }, projects: { type: 'string' } }, allowPositionals: false });
const only = values.only?.split(',').map((p) => p.trim());
const projects = values.projects?.split(',').map((p) => p.trim());
for (const p of only ?? []) if (!PHASES.includes(p as Phase)) throw new Error(`--only: unknown phase ${p} (${PHASES.join(', ')})`);
const wants = (phase: Phase) => !only || only.includes(phase);
const tmpDir = path.join(repoRoot, 'tmp', 'test-results');
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

function announce(text: string): void {
  console.log(`\n\x1b[1m━━ ${text}\x1b[0m`);
}

/** Runs a command with its output streamed to ours as it comes; resolves with the exit code and the output. */
function stream(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
      process.stdout.write(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString();
      process.stderr.write(b);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

async function staticChecks(env: NodeJS.ProcessEnv): Promise<PhaseResult> {
  const started = Date.now();
  const scope = projects ? `projects ${projects.join(', ')}` : 'every project';
  announce(`static: ESLint and tsc of ${scope} (Nx, cached: unchanged projects are not checked again), then Prettier`);
  const argv = ['nx', 'run-many', '-t', 'lint', 'typecheck', '--parallel=2', '--outputStyle=stream'];
  if (projects) argv.push(`--projects=${projects.join(',')}`);
  const nx = await stream('npx', argv, env);
  const output = stripAnsi(nx.output);
  // One check per project per target, cached or not; Nx names the failed ones as "- <project>:<target>".
  const ran = new Set(output.match(/nx run [\w-]+:(lint|typecheck)/g) ?? []);
  const failedSection = output.split(/Failed tasks:/)[1] ?? '';
  let failed = new Set(failedSection.match(/- [\w-]+:(lint|typecheck)/g) ?? []).size;
  if (nx.status !== 0 && failed === 0) failed = 1;
  let passed = Math.max(ran.size - failed, 0);

  console.log('\nprettier --check (format:check)');
  const format = await stream('npx', ['prettier', '--check', ...(projects ? projects.map(projectDir) : ['.'])], env);
  if (format.status === 0) passed += 1;
  else failed += 1;
  return {
    name: 'static checks',
    passed,
    failed,
    skipped: 0,
    seconds: (Date.now() - started) / 1000,
    ok: nx.status === 0 && format.status === 0,
  };
}

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: { name: string; assertionResults: unknown[] }[];
}

const jestRuns: JestJson[] = [];

const KIND_TEXT: Record<'unit' | 'int' | 'e2e', string> = {
  unit: 'unit tests (*.spec.ts beside the code; workflows on the time-skipping server)',
  int: 'integration tests (test/*.int-spec.ts against the real Postgres, Kafka and Temporal)',
  e2e: 'end-to-end tests (every service as a real process, partners played by the simulators)',
};

async function jestPhase(kind: 'unit' | 'int' | 'e2e', env: NodeJS.ProcessEnv): Promise<PhaseResult> {
  const started = Date.now();
  announce(`${kind}: ${KIND_TEXT[kind]}`);
  const out = path.join(tmpDir, `jest-${kind}.json`);
  fs.rmSync(out, { force: true });
  const argv = ['jest', '-c', 'jest.config.cjs', '--ci', '--json', `--outputFile=${out}`];
  argv.push(kind === 'unit' ? '--maxWorkers=2' : '--runInBand');
  // A phase with nothing to run in the projects asked for is not a failure of the code.
  if (projects) argv.push('--passWithNoTests', '--selectProjects', ...projects.map((p) => projectDir(p)));
  const { status } = await stream('npx', argv, { ...env, LOOMA_TEST_KIND: kind });
  let passed = 0;
  let failed = status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as JestJson;
    jestRuns.push(r);
    passed = r.numPassedTests;
    skipped = r.numPendingTests + r.numTodoTests;
    // A suite that fails to load has no failed *tests*: count it so the line never reads "0 failed" wrongly.
    failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    if (status !== 0 && failed === 0) failed = 1;
  }
  return { name: `jest ${kind}`, passed, failed, skipped, seconds: (Date.now() - started) / 1000, ok: status === 0 };
}

/** `orders` → `services/orders` (jest display names and Prettier paths are project directories). */
function projectDir(p: string): string {
  for (const dir of ['libs', 'services']) if (fs.existsSync(path.join(repoRoot, dir, p))) return `${dir}/${p}`;
  return p;
}

/** Every project with a jest config must have run at least one test in a full run: none may hide with zero. */
function projectsWithoutTests(): string[] {
  const config = require(path.join(repoRoot, 'jest.config.cjs')) as { projects: { rootDir: string }[] };
  const counts = new Map(config.projects.map((p) => [p.rootDir, 0]));
  for (const run of jestRuns) {
    for (const file of run.testResults) {
      const root = [...counts.keys()].find((r) => file.name.startsWith(`${r}${path.sep}`));
      if (root) counts.set(root, (counts.get(root) ?? 0) + file.assertionResults.length);
    }
  }
  return [...counts].filter(([, n]) => n === 0).map(([root]) => path.relative(repoRoot, root));
}

async function main(): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const started = Date.now();
  const results: PhaseResult[] = [];
  const needInfra = wants('int') || wants('e2e');
  let namespace: TemporalNamespace | undefined;
  if (needInfra) {
    announce('infrastructure: PostgreSQL, Kafka and Temporal (deploy/local/infra.sh up; started only if not running)');
    await infraUp();
  }
  if (needInfra || wants('unit')) infra('test-tools');
  const env: NodeJS.ProcessEnv = { ...process.env, ...(await infraEnv({ test: true })) };
  if (needInfra) {
    namespace = createRunNamespace('looma-test-');
    env.TEMPORAL_NAMESPACE = namespace.name;
    console.log(`Temporal namespace of this run: ${namespace.name} (deleted at the end)`);
  }

  try {
    if (wants('static')) results.push(await staticChecks(env));
    if (wants('unit')) results.push(await jestPhase('unit', env));
    if (wants('int')) results.push(await jestPhase('int', env));
    if (wants('e2e')) results.push(await jestPhase('e2e', env));
  } finally {
    try {
      namespace?.remove();
    } catch (err) {
      console.error(`could not delete namespace ${namespace?.name}: ${(err as Error).message}`);
    }
  }

  if (!only && !projects) {
    const empty = projectsWithoutTests();
    if (empty.length) {
      console.log(`\nProjects without a single test: ${empty.join(', ')}`);
      results.push({ name: 'every project tested', passed: 0, failed: empty.length, skipped: 0, seconds: 0, ok: false });
    }
  }

  const total = results.reduce(
    (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log('\n──────── Looma Hub test summary ────────');
  for (const r of results) {
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(21)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed` +
        `${r.skipped ? ` ${r.skipped} skipped` : ''}  (${r.seconds.toFixed(1)}s)`,
    );
  }
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)}s`);
  const allOk = results.every((r) => r.ok) && total.failed === 0;
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(allOk ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
