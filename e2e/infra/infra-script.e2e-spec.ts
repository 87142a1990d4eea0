/**
 * deploy/local/infra.sh from a checkout of its own under a private (mode 700) directory, as a clone in root's home
 * or in any `mktemp -d` is, on ports of its own, so it never touches the shared stack: `up` brings every engine to
 * answer (PostgreSQL's data kept where the user running it can reach it), a second `up` changes nothing, `down`
 * leaves nothing behind, `up` refuses a taken port with a message that names it, two `up`s at once (npm test and a
 * benchmark started together) both succeed on one stack that still has its data, and `reset` deletes every trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

const repoRoot = path.resolve(__dirname, '..', '..');
const defaultPorts = new Set([55432, 19092, 19093, 7233, 8233]);

interface Ports {
  pg: number;
  kafka: number;
  kafkaController: number;
  temporal: number;
  temporalUi: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Five distinct free ports picked at random below the kernel's ephemeral range. */
async function pickPorts(): Promise<Ports> {
  const picked: number[] = [];
  while (picked.length < 5) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (picked.includes(port) || defaultPorts.has(port) || !(await canListen(port))) continue;
    picked.push(port);
  }
  const [pg, kafka, kafkaController, temporal, temporalUi] = picked as [number, number, number, number, number];
  return { pg, kafka, kafkaController, temporal, temporalUi };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, cwd = repoRoot): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process whose command line mentions `dir` (and `also`, when given), as `pid command-line…`. */
function processesMentioning(dir: string, also = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(dir) && cmdline.includes(also)) found.push(`${entry} ${cmdline.slice(0, 160)}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

describe('deploy/local/infra.sh (a checkout under a private directory, own ports)', () => {
  let tmpDir: string;
  let checkout: string;
  let infraScript: string;
  let stateDir: string;
  let pgData: string;
  let ports: Ports;
  let env: NodeJS.ProcessEnv;
  let temporalCli: string;
  let pidsAfterFirstUp: Record<string, number | undefined>;

  const infra = (args: string[], timeoutMs = 200_000): Promise<Run> => {
    // Guard: this suite must never drive the shared stack in <repo>/.looma.
    if (!infraScript.startsWith(tmpDir) || env.LOOMA_STATE_DIR !== undefined)
      throw new Error('refusing to run infra.sh outside the test checkout');
    return exec('bash', [infraScript, ...args], env, timeoutMs, checkout);
  };
  const pids = () => ({
    postgres: readPid(path.join(pgData, 'postmaster.pid')),
    kafka: readPid(path.join(stateDir, 'kafka', 'kafka.pid')),
    temporal: readPid(path.join(stateDir, 'temporal', 'temporal.pid')),
  });
  const pgClient = () =>
    new Client({ host: '127.0.0.1', port: ports.pg, user: 'looma', password: 'looma', database: 'looma', connectionTimeoutMillis: 10_000 });
  const kafka = () =>
    new Kafka({ clientId: 'infra-e2e', brokers: [`127.0.0.1:${ports.kafka}`], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  // The CLI reads TEMPORAL_* from the environment (npm test exports its run's namespace): this server has none of it.
  const cliEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  const temporal = (args: string[]) => exec(temporalCli, [...args, '--address', `127.0.0.1:${ports.temporal}`], cliEnv, 30_000);

  beforeAll(async () => {
    // mkdtemp makes a 0700 directory, like root's home: the `postgres` user cannot traverse it.
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'looma-infra-e2e-'));
    expect(fs.statSync(tmpDir).mode & 0o777).toBe(0o700);
    // A checkout of the engine scripts as they are in this tree (what a clone holds), with its default state dir.
    checkout = path.join(tmpDir, 'looma-hub');
    fs.cpSync(path.join(repoRoot, 'deploy'), path.join(checkout, 'deploy'), { recursive: true });
    infraScript = path.join(checkout, 'deploy', 'local', 'infra.sh');
    stateDir = path.join(checkout, '.looma');
    ports = await pickPorts();
    const { LOOMA_STATE_DIR: _ignored, ...inherited } = process.env;
    env = {
      ...inherited,
      LOOMA_PG_PORT: String(ports.pg),
      LOOMA_KAFKA_PORT: String(ports.kafka),
      LOOMA_KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
      LOOMA_TEMPORAL_PORT: String(ports.temporal),
      LOOMA_TEMPORAL_UI_PORT: String(ports.temporalUi),
    };
    const printed = await infra(['env'], 30_000);
    temporalCli = /^export TEMPORAL_CLI=(.*)$/m.exec(printed.stdout)?.[1] ?? '';
    expect(printed.stdout).toContain(`KAFKA_BROKERS=127.0.0.1:${ports.kafka}`);
    // `status` says where PostgreSQL keeps its data (also while it is down).
    const status = await infra(['status'], 30_000);
    pgData = /^postgres .*data (\S+)$/m.exec(status.stdout)?.[1] ?? '';
    expect(pgData).not.toBe('');
  }, 60_000);

  afterAll(async () => {
    if (!stateDir) return;
    if (fs.existsSync(stateDir) || (pgData && fs.existsSync(pgData))) await infra(['reset'], 150_000).catch(() => undefined);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }, 150_000);

  it('keeps PostgreSQL data where the user running it can reach it: a per-checkout directory outside the private tree when root', () => {
    const root = process.getuid?.() === 0;
    // Root hands PostgreSQL to the `postgres` user, which cannot traverse the 0700 directory this checkout is in.
    const expected = root
      ? /^\/var\/lib\/looma-hub\/[0-9a-f]{12}\/postgres\/data$/
      : new RegExp(`^${stateDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/postgres/data$`);
    expect(pgData).toMatch(expected);
    expect(pgData.startsWith(tmpDir)).toBe(!root);
  });

  it('up brings every engine to answer', async () => {
    const run = await infra(['up']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    if (process.getuid?.() === 0) {
      // The cluster belongs to `postgres` (initdb refuses root), in a directory only it can enter.
      const dir = fs.statSync(path.dirname(pgData));
      expect({ uid: dir.uid, mode: dir.mode & 0o777 }).toEqual({
        uid: Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()),
        mode: 0o700,
      });
    }

    const pg = pgClient();
    await pg.connect();
    try {
      await pg.query('create table infra_e2e_marker (note text primary key)');
      await pg.query(`insert into infra_e2e_marker values ('kept')`);
      expect((await pg.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pg.end();
    }

    const admin = kafka().admin();
    const producer = kafka().producer({ allowAutoTopicCreation: false });
    await admin.connect();
    await producer.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'infra-e2e', numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      const [ack] = await producer.send({ topic: 'infra-e2e', acks: -1, messages: [{ key: 'k', value: 'kept' }] });
      expect(ack?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }

    expect(temporalCli).not.toBe('');
    const health = await temporal(['operator', 'cluster', 'health']);
    expect(health.stdout).toContain('SERVING');
    const started = await temporal([
      'workflow',
      'start',
      '--namespace',
      'looma-dev',
      '--task-queue',
      'infra-e2e',
      '--type',
      'InfraE2e',
      '--workflow-id',
      'infra-e2e-kept',
    ]);
    expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 0, stderr: '' });

    pidsAfterFirstUp = pids();
    for (const pid of Object.values(pidsAfterFirstUp)) expect(pid !== undefined && alive(pid)).toBe(true);
  }, 240_000);

  /** What the first `up` test wrote is still there: a Postgres row, a Kafka record, a Temporal workflow. */
  const expectDataKept = async () => {
    const pg = pgClient();
    await pg.connect();
    try {
      expect((await pg.query('select note from infra_e2e_marker')).rows).toEqual([{ note: 'kept' }]);
    } finally {
      await pg.end();
    }
    const admin = kafka().admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchTopicOffsets('infra-e2e');
      expect(offsets?.high).toBe('1');
    } finally {
      await admin.disconnect();
    }
    const described = await temporal(['workflow', 'describe', '--namespace', 'looma-dev', '--workflow-id', 'infra-e2e-kept']);
    expect({ code: described.code, stderr: described.stderr }).toEqual({ code: 0, stderr: '' });
  };

  it('a second up is harmless: exit 0, same processes, data kept', async () => {
    const run = await infra(['up'], 60_000);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/postgres already running/);
    expect(run.stderr).toMatch(/kafka already running/);
    expect(run.stderr).toMatch(/temporal already running/);
    expect(pids()).toEqual(pidsAfterFirstUp);
    await expectDataKept();
  }, 120_000);

  it('down leaves no process behind and closes every port', async () => {
    const run = await infra(['down'], 120_000);
    expect(run.code).toBe(0);
    expect([...processesMentioning(stateDir), ...processesMentioning(pgData)]).toEqual([]);
    for (const pid of Object.values(pidsAfterFirstUp)) expect(pid !== undefined && alive(pid)).toBe(false);
    const open = await Promise.all(Object.entries(ports).map(async ([name, port]) => [name, await portOpen(port)] as const));
    expect(open.filter(([, isOpen]) => isOpen)).toEqual([]);
  }, 150_000);

  it('up fails with a clear message when a port is taken, and starts nothing', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.pg, '127.0.0.1', resolve));
    try {
      const run = await infra(['up'], 60_000);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`port ${ports.pg} is taken`);
      expect(run.stderr).toContain('LOOMA_PG_PORT');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    expect([...processesMentioning(stateDir), ...processesMentioning(pgData)]).toEqual([]);
  }, 90_000);

  it('two ups at once after a down both succeed, on one stack that kept its data', async () => {
    const [first, second] = await Promise.all([infra(['up']), infra(['up'])]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const running = pids();
    for (const pid of Object.values(running)) expect(pid !== undefined && alive(pid)).toBe(true);
    // One Kafka and one Temporal server: the late `up` found them running rather than starting its own.
    expect(processesMentioning(stateDir, ' kafka.Kafka ')).toHaveLength(1);
    expect(processesMentioning(stateDir, ' server start-dev ')).toHaveLength(1);
    await expectDataKept();
  }, 240_000);

  it('the Temporal dev namespace exists with the search attributes, and a run namespace can be made and removed', async () => {
    const listed = await temporal(['operator', 'search-attribute', 'list', '--namespace', 'looma-dev']);
    expect(listed.stdout).toMatch(/LoomaTenantId\s+Keyword/);
    expect(listed.stdout).toMatch(/LoomaOrderId\s+Keyword/);
    const name = `looma-test-${Math.floor(Date.now() / 1000)}-infra`;
    expect((await infra(['namespace', 'create', name], 60_000)).code).toBe(0);
    expect((await temporal(['operator', 'search-attribute', 'list', '--namespace', name])).stdout).toMatch(/LoomaOrderId\s+Keyword/);
    expect((await infra(['namespace', 'delete', name], 60_000)).code).toBe(0);
    expect((await infra(['namespace', 'delete', 'looma-dev'], 60_000)).stderr).toContain('refusing to delete the dev namespace');
  }, 120_000);

  it('reset stops everything and deletes every trace, the PostgreSQL cluster outside the checkout included', async () => {
    const run = await infra(['reset'], 150_000);
    expect(run.code).toBe(0);
    expect([...processesMentioning(stateDir), ...processesMentioning(pgData)]).toEqual([]);
    expect(fs.existsSync(pgData)).toBe(false);
    if (process.getuid?.() === 0) expect(fs.existsSync(path.dirname(path.dirname(pgData)))).toBe(false);
    for (const engine of ['postgres', 'kafka', 'temporal']) expect(fs.existsSync(path.join(stateDir, engine))).toBe(false);
  }, 180_000);
});
