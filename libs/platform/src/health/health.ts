import { Controller, Get, HttpStatus, Inject, type InjectionToken, Module, Res, type DynamicModule, type Provider } from '@nestjs/common';
import type { Response } from 'express';

/** A readiness check: resolves when the dependency answers, rejects (or times out) when it does not. */
export interface HealthCheck {
  name: string;
  check: () => Promise<unknown>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(c: HealthCheck): Promise<{ name: string; status: 'up' | 'down'; ms: number; error?: string }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: c.name, status: 'up', ms: Date.now() - started };
  } catch (err) {
    return { name: c.name, status: 'down', ms: Date.now() - started, error: (err as Error).message };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every dependency this service uses answers; 503 with the failing ones otherwise. */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const results = await Promise.all(this.checks.map(runCheck));
    const ok = results.every((r) => r.status === 'up');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'unavailable',
      checks: Object.fromEntries(results.map(({ name, ...rest }) => [name, rest])),
    });
  }
}

@Module({})
export class HealthModule {
  /** `checks` is a provider factory so checks can use other providers (data source, Kafka, Temporal). */
  static forRoot(checks: { inject: InjectionToken[]; useFactory: (...deps: unknown[]) => HealthCheck[] }): DynamicModule {
    const provider: Provider = { provide: HEALTH_CHECKS, inject: checks.inject, useFactory: checks.useFactory };
    return { module: HealthModule, controllers: [HealthController], providers: [provider] };
  }
}
