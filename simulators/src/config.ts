import { z } from 'zod';

/**
 * Simulators configuration, read from the environment and validated once at start. A bad variable stops the
 * process with a message naming it. Everything has a default so `npm run` just works in development.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type SimulatorsLogLevel = (typeof LOG_LEVELS)[number] | 'silent';
/** The rest of the hub speaks pino's level names; both vocabularies are accepted. */
const LEVEL_ALIASES: Record<string, SimulatorsLogLevel> = { info: 'log', trace: 'verbose', silent: 'silent' };

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);
const str = (fallback: string) => z.preprocess(emptyAsUndefined, z.string().min(1).default(fallback));
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const tokenList = (fallback: string) =>
  str(fallback).transform((value, ctx) => {
    const tokens = value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
    if (tokens.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one token' });
    return tokens;
  });

const envSchema = z.object({
  SIMULATORS_HOST: str('127.0.0.1'),
  /** Containers only (docker-compose): lets SIMULATORS_HOST be 0.0.0.0 inside a private network. */
  SIMULATORS_ALLOW_ANY_HOST: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  SIMULATORS_PORT: int(4010, 0, 65535),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum([...LOG_LEVELS, 'info', 'trace', 'silent'])
      .default('log')
      .transform((level): SimulatorsLogLevel => LEVEL_ALIASES[level] ?? (level as SimulatorsLogLevel)),
  ),
  SIM_RETAILER_TOKEN: str('retailer-demo-token'),
  SIM_CREDIT_TOKEN: str('credit-demo-token'),
  SIM_CREDIT_CODE_LENGTH: int(4, 4, 6),
  SIM_CREDIT_CODE_TTL_SECONDS: int(600, 1, 86_400),
  SIM_CREDIT_CODE_MAX_ATTEMPTS: int(3, 1, 10),
  SIM_LOYALTY_STORE_TOKENS: tokenList('loyalty-store-token'),
  SIM_LOYALTY_BRANCH_TOKENS: tokenList('loyalty-branch-token'),
  SIM_B2B_TOKEN: str('b2b-demo-token'),
  SIM_WEBHOOK_TIMEOUT_MS: int(5000, 100, 60_000),
  SIM_MAX_RECORDED: int(10_000, 100, 1_000_000),
  SIM_FAULT_TIMEOUT_CAP_MS: int(60_000, 100, 60_000),
  /** Where the retailer publishes catalog events when a control call asks it to (the hub's own KAFKA_BROKERS by default). */
  SIM_KAFKA_BROKERS: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  KAFKA_BROKERS: str('127.0.0.1:19092'),
});

export interface SimulatorsConfig {
  host: string;
  port: number;
  logLevel: SimulatorsLogLevel;
  retailer: { token: string; webhookTimeoutMs: number; kafkaBrokers: string[] };
  credit: { token: string; codeLength: number; codeTtlSeconds: number; codeMaxAttempts: number };
  loyalty: { storeTokens: string[]; branchTokens: string[] };
  b2b: { token: string };
  chat: { maxDeliveries: number };
  faults: { timeoutCapMs: number };
}

/** Optional overrides for tests and the e2e harness: any subset, nested per partner. */
export type SimulatorsConfigOverrides = {
  [K in keyof SimulatorsConfig]?: SimulatorsConfig[K] extends object ? Partial<SimulatorsConfig[K]> : SimulatorsConfig[K];
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid simulators configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SimulatorsConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
  // Checked apart from the schema so it is reported together with any other bad variable.
  const host = env.SIMULATORS_HOST?.trim() || '127.0.0.1';
  if (env.SIMULATORS_ALLOW_ANY_HOST !== 'true' && !isLoopback(host)) {
    problems.push(
      'SIMULATORS_HOST: must be a loopback address (127.0.0.1, ::1 or localhost): the simulators are for development and tests only (containers: SIMULATORS_ALLOW_ANY_HOST=true)',
    );
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    host: e.SIMULATORS_HOST,
    port: e.SIMULATORS_PORT,
    logLevel: e.LOG_LEVEL,
    retailer: {
      token: e.SIM_RETAILER_TOKEN,
      webhookTimeoutMs: e.SIM_WEBHOOK_TIMEOUT_MS,
      kafkaBrokers: (e.SIM_KAFKA_BROKERS ?? e.KAFKA_BROKERS)
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    },
    credit: {
      token: e.SIM_CREDIT_TOKEN,
      codeLength: e.SIM_CREDIT_CODE_LENGTH,
      codeTtlSeconds: e.SIM_CREDIT_CODE_TTL_SECONDS,
      codeMaxAttempts: e.SIM_CREDIT_CODE_MAX_ATTEMPTS,
    },
    loyalty: { storeTokens: e.SIM_LOYALTY_STORE_TOKENS, branchTokens: e.SIM_LOYALTY_BRANCH_TOKENS },
    b2b: { token: e.SIM_B2B_TOKEN },
    chat: { maxDeliveries: e.SIM_MAX_RECORDED },
    faults: { timeoutCapMs: e.SIM_FAULT_TIMEOUT_CAP_MS },
  };
}

export function mergeConfig(base: SimulatorsConfig, overrides: SimulatorsConfigOverrides = {}): SimulatorsConfig {
  return {
    ...base,
    ...pickScalars(overrides),
    retailer: { ...base.retailer, ...overrides.retailer },
    credit: { ...base.credit, ...overrides.credit },
    loyalty: { ...base.loyalty, ...overrides.loyalty },
    b2b: { ...base.b2b, ...overrides.b2b },
    chat: { ...base.chat, ...overrides.chat },
    faults: { ...base.faults, ...overrides.faults },
  };
}

function pickScalars(o: SimulatorsConfigOverrides): Partial<Pick<SimulatorsConfig, 'host' | 'port' | 'logLevel'>> {
  const out: Partial<Pick<SimulatorsConfig, 'host' | 'port' | 'logLevel'>> = {};
  if (o.host !== undefined) out.host = o.host;
  if (o.port !== undefined) out.port = o.port;
  if (o.logLevel !== undefined) out.logLevel = o.logLevel;
  return out;
}

/** Nest log levels enabled at a given minimum level. */
export function enabledLogLevels(level: SimulatorsLogLevel): (typeof LOG_LEVELS)[number][] {
  if (level === 'silent') return [];
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
