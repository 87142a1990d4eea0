import { z } from 'zod';

/** Raised at start when the environment does not satisfy a service's schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: { variable: string; message: string }[],
  ) {
    super(`${service}: invalid configuration\n` + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Building blocks every service combines into its own schema. Defaults are the local stack's. */
export const configFragments = {
  runtime: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  http: (defaultPort: number) => ({
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: port.default(defaultPort),
    HTTP_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'e.g. 256kb or 1mb')
      .default('256kb'),
  }),
  database: {
    DATABASE_URL: z
      .string()
      .url()
      .refine((u) => u.startsWith('postgres://') || u.startsWith('postgresql://'), 'must be a postgres:// URL')
      .default('postgres://looma:looma@127.0.0.1:55432/looma'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_MIGRATIONS_RUN: bool.optional(),
  },
  kafka: {
    KAFKA_BROKERS: z
      .string()
      .min(1)
      .default('127.0.0.1:19092')
      .transform((s) => s.split(',').map((b) => b.trim()))
      .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'host:port list'))),
    KAFKA_CLIENT_ID: z.string().optional(),
  },
  temporal: {
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[\w.-]+:\d+$/, 'host:port')
      .default('127.0.0.1:7233'),
    /** `looma-dev` is what `npm start` and infra.sh set up; every `npm test` run gets a namespace of its own. */
    TEMPORAL_NAMESPACE: z.string().min(1).default('looma-dev'),
  },
  internalApi: {
    INTERNAL_API_TOKEN: z.string().min(16, 'at least 16 characters').default('local-internal-token-change-me'),
  },
  /** Where a service that does not own the tenants' partner connections reads them (the orders service). */
  connections: {
    CONNECTIONS_URL: z.string().url().default('http://127.0.0.1:3003'),
    /** How long a connection read from its owner is reused: a rotated token takes effect within this. */
    CONNECTIONS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  },
  secrets: {
    /** 32 bytes, base64: encrypts partner tokens and webhook secrets at rest. */
    SECRETS_KEY: z
      .string()
      .default('bG9vbWEtaHViLWxvY2FsLWRldi1rZXktMzItYnl0ZXM=')
      .refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  },
} as const;

export const booleanFromEnv = bool;

/** Development defaults that are public in this repository: refused when NODE_ENV=production. */
const DEV_ONLY_VALUES: Record<string, string> = {
  INTERNAL_API_TOKEN: 'local-internal-token-change-me',
  SECRETS_KEY: 'bG9vbWEtaHViLWxvY2FsLWRldi1rZXktMzItYnl0ZXM=',
  ADMIN_API_KEY: 'local-admin-key-change-me-0000',
};

/**
 * Parses the environment against a zod object schema. Unknown variables are ignored; every missing or
 * malformed one is reported at once, by name.
 */
export function loadConfig<S extends z.ZodRawShape>(
  service: string,
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }));
  if (env.NODE_ENV === 'production') {
    for (const [variable, devValue] of Object.entries(DEV_ONLY_VALUES)) {
      if (variable in shape && (env[variable] === undefined || env[variable] === devValue)) {
        problems.push({ variable, message: 'must be set to a secret of your own in production (the default is public)' });
      }
    }
  }
  if (!result.success || problems.length) throw new ConfigError(service, problems);
  return result.data;
}
