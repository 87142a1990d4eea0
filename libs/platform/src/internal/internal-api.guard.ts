import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '@looma-hub/domain';
import { AuthErrors } from '../errors/codes';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
export const INTERNAL_API_TOKEN = Symbol('INTERNAL_API_TOKEN');

/**
 * Guards a service's internal API (called by the gateway over loopback / the cluster network). Routes are
 * under `/internal`; the shared token keeps them from being an open door if a port is exposed by mistake.
 */
@Injectable()
export class InternalApiGuard implements CanActivate {
  constructor(@Inject(INTERNAL_API_TOKEN) private readonly token: string) {}

  canActivate(ctx: ExecutionContext): boolean {
    const given = ctx.switchToHttp().getRequest<Request>().header(INTERNAL_TOKEN_HEADER) ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
    throw new DomainError(AuthErrors.Unauthorized, 'internal API: missing or wrong x-internal-token');
  }
}
